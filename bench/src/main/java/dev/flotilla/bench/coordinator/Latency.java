package dev.flotilla.bench.coordinator;

import dev.flotilla.bench.Samples;
import dev.flotilla.cli.ApiClient;
import java.time.Duration;

/** Times GETs of one API path: a few warm-up calls, then {@code samples} timed ones. */
final class Latency {

    private static final int WARM_UP = 5;

    private Latency() {}

    static Samples of(ApiClient api, String path, int samples) {
        for (int i = 0; i < WARM_UP; i++) {
            get(api, path);
        }
        Samples timed = Samples.empty();
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            get(api, path);
            timed = timed.plus(Duration.ofNanos(System.nanoTime() - start));
        }
        return timed;
    }

    private static void get(ApiClient api, String path) {
        int status = api.status(path);
        if (status != 200) {
            throw new IllegalStateException("GET " + path + " answered " + status);
        }
    }
}
