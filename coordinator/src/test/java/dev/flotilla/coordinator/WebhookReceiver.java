package dev.flotilla.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A webhook on this machine, for the coordinator's notifications: it keeps every JSON body POSTed to
 * it that it answers 200, and refuses once each body it was told to ({@link #refuseFirst}).
 */
final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    /** Bodies answered this status once each, before any other answer: a body that matches is refused once. */
    private final List<Refusal> refusals = new ArrayList<>();

    private record Refusal(Predicate<JsonNode> matches, int status) {}

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the webhook receiver", e);
        }
        server.createContext("/", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            int status = 200;
            synchronized (refusals) {
                Refusal refusal = refusals.stream()
                        .filter(r -> r.matches().test(body))
                        .findFirst()
                        .orElse(null);
                if (refusal != null) {
                    refusals.remove(refusal);
                    status = refusal.status();
                }
            }
            if (status / 100 == 2) {
                received.add(body);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The first request whose body matches is answered with {@code status} (and then taken as usual). */
    void refuseFirst(Predicate<JsonNode> matches, int status) {
        synchronized (refusals) {
            refusals.add(new Refusal(matches, status));
        }
    }

    /** The bodies it took (answered 2xx), in the order they came. */
    List<JsonNode> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
