package dev.flotilla.cli.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.cli.CliException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaServerPropertiesTest {

    /** The testkit's shared settings, found on the test class path as the local stack finds them in local-lib. */
    private static final Map<String, String> SHARED =
            KafkaServerProperties.shared(KafkaServerPropertiesTest.class.getClassLoader());

    private static Properties load(String text) throws Exception {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return properties;
    }

    @Test
    void shouldDescribeASingleCombinedKraftNodeOnLoopbackWhenRendered() throws Exception {
        Properties properties =
                load(KafkaServerProperties.render(19092, 19093, Path.of("/tmp/flotilla/kafka-data"), SHARED));

        assertThat(properties)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("node.id", "1")
                .containsEntry("controller.quorum.bootstrap.servers", "127.0.0.1:19093")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092")
                .containsEntry("controller.listener.names", "CONTROLLER")
                .containsEntry("log.dirs", "/tmp/flotilla/kafka-data");
    }

    @Test
    void shouldMakeInternalTopicsFitOneBrokerWhenRendered() throws Exception {
        Properties properties = load(KafkaServerProperties.render(1, 2, Path.of("/data"), SHARED));

        assertThat(properties)
                .containsEntry("num.partitions", "4")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("offsets.topic.num.partitions", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0");
    }

    @Test
    void shouldRunTheMainClassFromEveryJarOfLocalLibWithWarningsToStandardErrorWhenBuildingItsCommand() {
        List<String> command = KafkaServerProperties.command(
                "/jdk/bin/java",
                Path.of("/home/cli/target/local-lib"),
                Path.of("/state/log4j2.properties"),
                "kafka.Kafka");

        assertThat(command)
                .containsExactly(
                        "/jdk/bin/java",
                        "-Dlog4j2.configurationFile=/state/log4j2.properties",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        "-Dorg.slf4j.simpleLogger.showDateTime=true",
                        "-cp",
                        "/home/cli/target/local-lib/*",
                        "kafka.Kafka");
        command.add("/state/server.properties");
        assertThat(command).endsWith("kafka.Kafka", "/state/server.properties");
    }

    @Test
    void shouldEscapeBackslashesSoPropertiesReadsThePathBack() throws Exception {
        String text = KafkaServerProperties.render(1, 2, Path.of("/data/odd\\dir"), SHARED);

        assertThat(load(text).getProperty("log.dirs")).endsWith("odd\\dir");
    }

    @Test
    void shouldReadTheSharedSettingsFromTheJarsWhenGivenTheLocalLibDirectory(@TempDir Path localLib) throws Exception {
        // given a local-lib directory whose testkit jar holds the shared settings
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(localLib.resolve("testkit.jar")))) {
            jar.putNextEntry(new JarEntry(KafkaServerProperties.SHARED));
            jar.write("offsets.topic.num.partitions=1\ngroup.initial.rebalance.delay.ms=0\n".getBytes(UTF_8));
            jar.closeEntry();
        }
        Files.writeString(localLib.resolve("README.txt"), "not a jar");

        // when the settings are read from it
        Map<String, String> shared = KafkaServerProperties.shared(localLib);

        // then they are the jar's
        assertThat(shared)
                .containsExactly(
                        Map.entry("group.initial.rebalance.delay.ms", "0"),
                        Map.entry("offsets.topic.num.partitions", "1"));
    }

    @Test
    void shouldFailNamingTheBuildWhenLocalLibLacksTheSharedSettings(@TempDir Path localLib) {
        assertThatThrownBy(() -> KafkaServerProperties.shared(localLib))
                .isInstanceOf(CliException.class)
                .hasMessageContaining(KafkaServerProperties.SHARED)
                .hasMessageContaining("./mvnw package");
    }

    @Test
    void shouldSendWarningsToStandardErrorWhenConfiguringLog4j() throws Exception {
        Properties log4j2 = load(KafkaServerProperties.log4j2());

        assertThat(log4j2)
                .containsEntry("appender.stderr.target", "SYSTEM_ERR")
                .containsEntry("rootLogger.level", "warn");
    }
}
