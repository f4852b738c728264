package dev.flotilla.cli.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks once whether a process passes its {@link Readiness} check; never throws for a process that is not up yet. */
final class ReadinessProbe {

    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(2);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();

    private ReadinessProbe() {}

    static boolean ready(Readiness readiness) {
        return switch (readiness) {
            case Readiness.Listening l -> Ports.answers(l.host(), l.port());
            case Readiness.HttpOk h -> answersOk(h.url());
        };
    }

    private static boolean answersOk(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(HTTP_TIMEOUT)
                .GET()
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
