package dev.flotilla.bench.coordinator;

import dev.flotilla.cli.ApiClient;
import dev.flotilla.cli.local.LocalToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged coordinator as its own process, as it runs in production; its log goes to a file. */
final class CoordinatorProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final ApiClient api;

    private CoordinatorProcess(Process process, Path log, ApiClient api) {
        this.process = process;
        this.log = log;
        this.api = api;
    }

    static CoordinatorProcess start(Path jar, int port, Map<String, String> properties, Path log) throws IOException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw -DskipTests install)");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx1g");
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        String token = LocalToken.newSecret();
        command.add("-Dflotilla.auth.bootstrap-token=" + token);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new CoordinatorProcess(process, log, new ApiClient("http://127.0.0.1:" + port + "/", token));
    }

    ApiClient api() {
        return api;
    }

    long pid() {
        return process.pid();
    }

    void awaitUp(Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (api.status("api/migrations") != 200) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the coordinator did not come up; see " + log);
            }
            Thread.sleep(200);
        }
    }

    /** Resident memory of the process, from {@code /proc}, in MiB; -1 where there is no {@code /proc}. */
    long residentMib() throws IOException {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
