package dev.flotilla.e2e;

import static org.awaitility.Awaitility.await;

import dev.flotilla.cli.local.KafkaServerProperties;
import dev.flotilla.testkit.TcpProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 *
 * <p>{@link #startBehindProxy} gives it a second listener that clients reach only through a {@link
 * TcpProxy}: the broker advertises the proxy's address on it, so a client that bootstraps through
 * the proxy makes every later connection (to the partition leaders, the group coordinator) through it
 * too, and cutting the proxy cuts that client, and only it, off from the broker.
 */
final class BrokerProcess implements Broker {

    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

    private final ServiceProcess process;
    private final Path dir;
    private final int port;
    private final Optional<TcpProxy> proxy;

    private BrokerProcess(ServiceProcess process, Path dir, int port, Optional<TcpProxy> proxy) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.proxy = proxy;
    }

    /** Formats fresh storage for a broker named {@code name}, starts it and waits until it serves. */
    static BrokerProcess start(String name) throws Exception {
        return start(name, false);
    }

    /** As {@link #start}, with a second listener behind a {@link TcpProxy} ({@link #proxiedBootstrapServers}). */
    static BrokerProcess startBehindProxy(String name) throws Exception {
        return start(name, true);
    }

    private static BrokerProcess start(String name, boolean proxied) throws Exception {
        Path localLib = ServiceProcess.root().resolve("cli/target/local-lib");
        if (!Files.isDirectory(localLib)) {
            throw new IllegalStateException(localLib + " is missing: package the cli module first");
        }
        Path dir = Files.createTempDirectory(
                Files.createDirectories(Path.of("target", "e2e-brokers")).toAbsolutePath(), name);
        int port = ServiceProcess.freePort();
        int controllerPort = otherFreePort(List.of(port));
        Map<String, String> settings = new LinkedHashMap<>(KafkaServerProperties.shared(localLib));
        Optional<TcpProxy> proxy = Optional.empty();
        if (proxied) {
            int proxiedPort = otherFreePort(List.of(port, controllerPort));
            proxy = Optional.of(TcpProxy.to("127.0.0.1", proxiedPort));
            settings.putAll(proxiedListener(
                    port, controllerPort, proxiedPort, proxy.get().port()));
        }
        try {
            return start(name, localLib, dir, port, controllerPort, settings, proxy);
        } catch (Exception | Error e) {
            if (proxy.isPresent()) {
                proxy.get().close();
            }
            throw e;
        }
    }

    private static BrokerProcess start(
            String name,
            Path localLib,
            Path dir,
            int port,
            int controllerPort,
            Map<String, String> settings,
            Optional<TcpProxy> proxy)
            throws Exception {
        Path properties = dir.resolve("server.properties");
        Path log4j2 = dir.resolve("log4j2.properties");
        Files.writeString(
                properties, KafkaServerProperties.render(port, controllerPort, dir.resolve("data"), settings));
        Files.writeString(log4j2, KafkaServerProperties.log4j2());
        List<String> format =
                KafkaServerProperties.command(ServiceProcess.java(), localLib, log4j2, "kafka.tools.StorageTool");
        format.addAll(
                List.of("format", "--standalone", "-t", Uuid.randomUuid().toString(), "-c", properties.toString()));
        runTool(format, dir.resolve("format.log"));
        List<String> broker = KafkaServerProperties.command(ServiceProcess.java(), localLib, log4j2, "kafka.Kafka");
        broker.addAll(1, List.of("-Xmx384m", "-XX:TieredStopAtLevel=1"));
        broker.add(properties.toString());
        BrokerProcess started = new BrokerProcess(ServiceProcess.run(name, broker), dir, port, proxy);
        try {
            started.awaitReady();
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    /**
     * The listeners of a broker that also listens on {@code proxiedPort} as {@code PROXIED} and tells
     * its clients there to connect to {@code proxyPort}, where a proxy forwards to it.
     */
    private static Map<String, String> proxiedListener(int port, int controllerPort, int proxiedPort, int proxyPort) {
        return Map.of(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",PROXIED://127.0.0.1:" + proxiedPort + ",CONTROLLER://127.0.0.1:"
                        + controllerPort,
                "advertised.listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",PROXIED://127.0.0.1:" + proxyPort,
                "listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT,PROXIED:PLAINTEXT,CONTROLLER:PLAINTEXT");
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Where clients connect to reach the broker only through its proxy; see {@link #startBehindProxy}. */
    String proxiedBootstrapServers() {
        return "127.0.0.1:" + proxy().port();
    }

    /** The proxy in front of the second listener, to cut and restore. */
    TcpProxy proxy() {
        return proxy.orElseThrow(() -> new IllegalStateException("started without a proxy: use startBehindProxy"));
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
            if (proxy.isPresent()) {
                proxy.get().close();
            }
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

    private static int otherFreePort(List<Integer> taken) throws IOException {
        int port = ServiceProcess.freePort();
        while (taken.contains(port)) {
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
