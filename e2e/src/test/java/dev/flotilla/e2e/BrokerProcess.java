package dev.flotilla.e2e;

import static org.awaitility.Awaitility.await;

import dev.flotilla.cli.local.KafkaServerProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft broker (broker and controller in one JVM) as its own OS process, started as
 * {@code ./flotilla local up} starts its broker: the CLI's {@code server.properties} and command line
 * ({@link KafkaServerProperties}) over the jars of {@code cli/target/local-lib}, its storage formatted
 * once with {@code kafka.tools.StorageTool}. {@link #kill} ends it with SIGKILL, so every client loses
 * its connections at once and the broker gets no clean shutdown; {@link #restart} runs the very same
 * command, on the same ports and log directories, so topics, committed offsets and every record it
 * acknowledged survive. Closing it stops it and deletes its data.
 */
final class BrokerProcess implements Broker {

    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

    private final ServiceProcess process;
    private final Path dir;
    private final int port;

    private BrokerProcess(ServiceProcess process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Formats fresh storage for a broker named {@code name}, starts it and waits until it serves. */
    static BrokerProcess start(String name) throws Exception {
        Path localLib = ServiceProcess.root().resolve("cli/target/local-lib");
        if (!Files.isDirectory(localLib)) {
            throw new IllegalStateException(localLib + " is missing: package the cli module first");
        }
        Path dir = Files.createTempDirectory(
                Files.createDirectories(Path.of("target", "e2e-brokers")).toAbsolutePath(), name);
        int port = ServiceProcess.freePort();
        int controllerPort = otherFreePort(port);
        Path properties = dir.resolve("server.properties");
        Path log4j2 = dir.resolve("log4j2.properties");
        Files.writeString(
                properties,
                KafkaServerProperties.render(
                        port, controllerPort, dir.resolve("data"), KafkaServerProperties.shared(localLib)));
        Files.writeString(log4j2, KafkaServerProperties.log4j2());
        List<String> format =
                KafkaServerProperties.command(ServiceProcess.java(), localLib, log4j2, "kafka.tools.StorageTool");
        format.addAll(
                List.of("format", "--standalone", "-t", Uuid.randomUuid().toString(), "-c", properties.toString()));
        runTool(format, dir.resolve("format.log"));
        List<String> broker = KafkaServerProperties.command(ServiceProcess.java(), localLib, log4j2, "kafka.Kafka");
        broker.addAll(1, List.of("-Xmx384m", "-XX:TieredStopAtLevel=1"));
        broker.add(properties.toString());
        BrokerProcess started = new BrokerProcess(ServiceProcess.run(name, broker), dir, port);
        try {
            started.awaitReady();
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Its OS process, to look at (pid, log) or kill. */
    ServiceProcess process() {
        return process;
    }

    /** Kills the broker with SIGKILL, as a crash or the OOM killer would; returns once it is gone. */
    void kill() throws InterruptedException {
        process.kill();
    }

    /** Starts the killed broker again, same ports and data, and waits until it serves. */
    void restart() throws IOException {
        process.restart();
        awaitReady();
    }

    /** Waits until the broker answers a client: it has recovered its logs and registered itself. */
    void awaitReady() {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(config)) {
            await("broker " + bootstrapServers() + " ready")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsMatching(e -> !(e instanceof IllegalStateException))
                    .until(() -> {
                        if (!process.alive()) {
                            throw new IllegalStateException(process.describe() + " exited while starting");
                        }
                        return !admin.describeCluster()
                                .nodes()
                                .get(3, TimeUnit.SECONDS)
                                .isEmpty();
                    });
        }
    }

    @Override
    public void close() throws Exception {
        try {
            process.close();
        } finally {
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static int otherFreePort(int taken) throws IOException {
        int port = ServiceProcess.freePort();
        while (port == taken) {
            port = ServiceProcess.freePort();
        }
        return port;
    }

    private static void runTool(List<String> command, Path log) throws IOException, InterruptedException {
        Process tool = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!tool.waitFor(TOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            tool.destroyForcibly();
            throw new IllegalStateException(command.getLast() + " did not finish within " + TOOL_TIMEOUT);
        }
        if (tool.exitValue() != 0) {
            throw new IllegalStateException(
                    "kafka-storage format failed (" + tool.exitValue() + "): " + Files.readString(log));
        }
    }
}
