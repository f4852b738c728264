package dev.flotilla.cli.local;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code server.properties} of the local single-node broker: KRaft combined mode (broker and
 * controller in one process), loopback only, and internal topics with one partition and one replica
 * and no initial rebalance delay, or consumers spin on group coordination (DESIGN §9).
 */
public final class KafkaServerProperties {

    private KafkaServerProperties() {}

    /** The settings, in the order they are written. */
    public static Map<String, String> settings(int brokerPort, int controllerPort, Path logDir) {
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
        settings.put("num.partitions", "4");
        settings.put("auto.create.topics.enable", "true");
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "1");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("transaction.state.log.num.partitions", "1");
        settings.put("group.initial.rebalance.delay.ms", "0");
        return settings;
    }

    /** The file's text; values are escaped the way {@link java.util.Properties#load} reads them. */
    public static String render(int brokerPort, int controllerPort, Path logDir) {
        StringBuilder out = new StringBuilder("# Written by `flotilla local up`; rewritten on every start.\n");
        settings(brokerPort, controllerPort, logDir)
                .forEach((key, value) ->
                        out.append(key).append('=').append(escape(value)).append('\n'));
        return out.toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\");
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
