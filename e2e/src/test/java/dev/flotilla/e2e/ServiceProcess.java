package dev.flotilla.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged Flotilla service (a Quarkus fast-jar) running as its own OS process, its output in a
 * log file under {@code target/e2e-logs}. It can be killed as a crash kills it ({@code SIGKILL}: no
 * shutdown hook, no flush, no goodbye to the broker) and started again with the very same command
 * line, its output appended to the same log. Closing it stops it: politely, then by force.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final List<String> command;
    private final Path root;
    private final Path log;
    /** The HTTP port its readiness is asked on; 0 when its settings name none. */
    private final int port;

    private Process process;
    private int starts;
    /** Whether the test killed it and has not started it again: its death is no failure. */
    private boolean killed;

    private ServiceProcess(String name, List<String> command, Path root, Path log, int port) {
        this.name = name;
        this.command = List.copyOf(command);
        this.root = root;
        this.log = log;
        this.port = port;
    }

    /** Starts {@code module/target/quarkus-app/quarkus-run.jar} with the given system properties. */
    static ServiceProcess start(String name, String module, Map<String, String> properties) throws IOException {
        Path root = root();
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the module first (./mvnw verify does)");
        }
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        int port = Integer.parseInt(properties.getOrDefault("quarkus.http.port", "0"));
        return launch(name, command, root, port);
    }

    /**
     * Starts {@code command} (a program that is no Flotilla service, such as a broker) from the
     * checkout's root; it has no HTTP readiness, so its owner tells when it is up.
     */
    static ServiceProcess run(String name, List<String> command) throws IOException {
        return launch(name, command, root(), 0);
    }

    /** The checkout's root, where the modules' {@code target} directories are. */
    static Path root() {
        return Path.of(System.getProperty("flotilla.root", ".."));
    }

    /** The java of this JVM, which the processes run on too. */
    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static ServiceProcess launch(String name, List<String> command, Path root, int port) throws IOException {
        Path logs = Files.createDirectories(Path.of("target", "e2e-logs"));
        ServiceProcess service = new ServiceProcess(name, command, root, logs.resolve(name + ".log"), port);
        service.launch();
        return service;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private synchronized void launch() throws IOException {
        starts++;
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        if (starts == 1) {
            builder.redirectOutput(log.toFile());
        } else {
            Files.writeString(log, startMarker(starts), StandardOpenOption.APPEND);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        process = builder.start();
    }

    synchronized boolean alive() {
        return process.isAlive();
    }

    /** Alive, or killed on purpose by the test and not restarted since. */
    synchronized boolean asExpected() {
        return killed || process.isAlive();
    }

    synchronized long pid() {
        return process.pid();
    }

    String name() {
        return name;
    }

    /** Its log file: the output of every start, the restarts' after a marker line. */
    Path log() {
        return log;
    }

    /** What the process wrote since it was last started: its log after the last restart's marker line. */
    synchronized String logSinceStart() throws IOException {
        String text = Files.readString(log);
        return starts == 1 ? text : text.substring(text.lastIndexOf(startMarker(starts)));
    }

    /** How often {@code needle} occurs in its log, over every start. */
    int logCount(String needle) throws IOException {
        String text = Files.readString(log);
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            count++;
        }
        return count;
    }

    private String startMarker(int start) {
        return "---- e2e: start " + start + " of " + name + " ----\n";
    }

    synchronized String describe() {
        return name + " (pid " + process.pid() + ", started " + starts + "x, log " + log.toAbsolutePath() + ")";
    }

    /**
     * Kills the process as a crash or an OOM killer would: {@code SIGKILL} ({@link
     * Process#destroyForcibly} on Linux), no shutdown hook runs. Returns once the process is gone.
     */
    synchronized void kill() throws InterruptedException {
        killed = true;
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(describe() + " did not die of SIGKILL within 30 s");
        }
    }

    /** Starts the killed (or exited) process again with the same command line and configuration. */
    synchronized void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException(describe() + " is still running: kill it first");
        }
        killed = false;
        launch();
    }

    /**
     * Waits until the service answers {@code GET /q/health/ready} with 200 (its HTTP server, database
     * and broker clients are up), failing at once if the process dies meanwhile.
     */
    void awaitReady() {
        if (port == 0) {
            throw new IllegalStateException(name + " has no quarkus.http.port to ask for readiness");
        }
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        await(name + " ready")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!alive()) {
                        throw new IllegalStateException(describe() + " exited while starting");
                    }
                    try {
                        return HTTP.send(ready, HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200;
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    @Override
    public synchronized void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
