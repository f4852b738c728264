package dev.flotilla.cli.local;

import dev.flotilla.cli.CliException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the local broker from the testkit's jars: a fresh single-node KRaft cluster on two free
 * loopback ports, formatted with {@code kafka.tools.StorageTool} and run with {@code kafka.Kafka}.
 * Its data lives in the state directory ({@code kafka-data}), wiped on every {@code local up}: the
 * coordinator's PostgreSQL state, not the broker, is the record of what happened. A
 * {@code local restart kafka} runs only the recorded broker command, on the same ports, properties
 * and data, so the broker keeps its topics, offsets and committed groups across a crash.
 */
final class LocalKafka {

    static final String PROCESS_NAME = "kafka";

    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    /** The started broker. */
    record Started(String bootstrapServers, ManagedProcess process) {}

    private final FlotillaHome home;

    LocalKafka(FlotillaHome home) {
        this.home = home;
    }

    Started start(StackSession session) {
        Path dir = home.stateDir();
        Path data = dir.resolve("kafka-data");
        Path properties = dir.resolve("server.properties");
        Path log4j2 = dir.resolve("kafka-log4j2.properties");
        Path log = dir.resolve("kafka.log");
        int[] ports = Ports.free(2);
        try {
            Files.deleteIfExists(log);
            StateStore.deleteRecursively(data);
            Files.writeString(
                    properties,
                    KafkaServerProperties.render(
                            ports[0], ports[1], data, KafkaServerProperties.shared(home.localLib())));
            Files.writeString(log4j2, KafkaServerProperties.log4j2());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the broker's files in " + dir, e);
        }
        List<String> tool = java(log4j2, "kafka.tools.StorageTool");
        String clusterId = lastLine(
                Processes.run("kafka-storage random-uuid", append(tool, "random-uuid"), dir, log, TOOL_TIMEOUT));
        Processes.run(
                "kafka-storage format",
                append(tool, "format", "--standalone", "-t", clusterId, "-c", properties.toString()),
                dir,
                log,
                TOOL_TIMEOUT);
        List<String> broker = java(log4j2, "kafka.Kafka");
        broker.add(1, "-Xmx512m");
        broker.add(properties.toString());
        Launch launch = Processes.launch(broker, dir, new Readiness.Listening("127.0.0.1", ports[0]));
        // Appended: the storage tool's output, above, stays in the log.
        ManagedProcess process = session.register(Processes.start(PROCESS_NAME, launch, log, true));
        Waits.untilReady(START_TIMEOUT, process, "the Kafka broker");
        return new Started("127.0.0.1:" + ports[0], process);
    }

    private List<String> java(Path log4j2, String mainClass) {
        return KafkaServerProperties.command(Processes.java(), home.localLib(), log4j2, mainClass);
    }

    private static List<String> append(List<String> command, String... args) {
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of(args));
        return full;
    }

    private static String lastLine(String output) {
        List<String> lines =
                output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            throw new CliException("kafka-storage random-uuid printed nothing");
        }
        return lines.get(lines.size() - 1);
    }
}
