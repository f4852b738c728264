package dev.flotilla.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged Flotilla service (a Quarkus fast-jar) running as its own OS process, its output in a
 * log file under {@code target/e2e-logs}. Closing it stops it: politely, then by force.
 */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code module/target/quarkus-app/quarkus-run.jar} with the given system properties. */
    static ServiceProcess start(String name, String module, Map<String, String> properties) throws IOException {
        Path root = Path.of(System.getProperty("flotilla.root", ".."));
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the module first (./mvnw verify does)");
        }
        Path logs = Files.createDirectories(Path.of("target", "e2e-logs"));
        Path log = logs.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        Process process = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new ServiceProcess(name, process, log);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    String describe() {
        return name + " (pid " + process.pid() + ", log " + log.toAbsolutePath() + ")";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
