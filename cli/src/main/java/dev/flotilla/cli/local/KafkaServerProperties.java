package dev.flotilla.cli.local;

import dev.flotilla.cli.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The {@code server.properties} of the local single-node broker: KRaft combined mode (broker and
 * controller in one process), loopback only, plus the settings every single-node broker of the project
 * shares (internal topics with one partition and one replica, no initial rebalance delay, DESIGN §9).
 * Those live once, in the testkit's {@code single-node-broker.properties}; the testkit is not on the
 * CLI's class path but in {@code local-lib}, where the broker runs from, so they are read from there.
 */
public final class KafkaServerProperties {

    /** Where the testkit keeps the shared settings (its {@code SingleNodeBroker.RESOURCE}). */
    static final String SHARED = "dev/flotilla/testkit/single-node-broker.properties";

    private KafkaServerProperties() {}

    /** The shared settings as {@code loader} (one over {@code local-lib}) finds them, sorted by name. */
    public static Map<String, String> shared(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(SHARED)) {
            if (in == null) {
                throw new CliException(SHARED + " not found in the local stack's jars; build them with ./mvnw package");
            }
            Properties properties = new Properties();
            properties.load(in);
            Map<String, String> shared = new TreeMap<>();
            properties.stringPropertyNames().forEach(name -> shared.put(name, properties.getProperty(name)));
            return shared;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SHARED, e);
        }
    }

    /** The shared settings of the testkit jar in {@code localLib}, the broker's class path. */
    public static Map<String, String> shared(Path localLib) {
        URL[] urls;
        try (Stream<Path> files = Files.list(localLib)) {
            urls = files.filter(f -> f.toString().endsWith(".jar"))
                    .map(KafkaServerProperties::url)
                    .toArray(URL[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + localLib, e);
        }
        try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            return shared(loader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the class loader over " + localLib, e);
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(jar.toString(), e);
        }
    }

    /** This node's settings, then the {@code shared} ones, in the order they are written. */
    public static Map<String, String> settings(
            int brokerPort, int controllerPort, Path logDir, Map<String, String> shared) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", "1");
        settings.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        settings.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("inter.broker.listener.name", "PLAINTEXT");
        settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        settings.put("log.dirs", logDir.toAbsolutePath().toString());
        settings.putAll(shared);
        return settings;
    }

    /** The file's text; values are escaped the way {@link java.util.Properties#load} reads them. */
    public static String render(int brokerPort, int controllerPort, Path logDir, Map<String, String> shared) {
        StringBuilder out = new StringBuilder("# Written by `flotilla local up`; rewritten on every start.\n");
        settings(brokerPort, controllerPort, logDir, shared)
                .forEach((key, value) ->
                        out.append(key).append('=').append(escape(value)).append('\n'));
        return out.toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\");
    }

    /**
     * The command line that runs {@code mainClass} ({@code kafka.Kafka}, {@code kafka.tools.StorageTool})
     * with {@code java} from the jars in {@code localLib}, logging WARN and above to standard error
     * through {@code log4j2} (a file holding {@link #log4j2()}) or SLF4J's simple provider; add its
     * arguments at the end, JVM options right after {@code java}.
     */
    public static List<String> command(String java, Path localLib, Path log4j2, String mainClass) {
        return new ArrayList<>(List.of(
                java,
                "-Dlog4j2.configurationFile=" + log4j2,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-cp",
                localLib.resolve("*").toString(),
                mainClass));
    }

    /** A log4j2 configuration sending WARN and above to standard error, which goes to the log file. */
    public static String log4j2() {
        return """
                status = warn
                appender.stderr.type = Console
                appender.stderr.name = STDERR
                appender.stderr.target = SYSTEM_ERR
                appender.stderr.layout.type = PatternLayout
                appender.stderr.layout.pattern = %d{HH:mm:ss.SSS} %-5p [%c{1}] %m%n
                rootLogger.level = warn
                rootLogger.appenderRef.stderr.ref = STDERR
                """;
    }
}
