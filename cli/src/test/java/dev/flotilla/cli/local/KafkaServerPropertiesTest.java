package dev.flotilla.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaServerPropertiesTest {

    private static Properties load(String text) throws Exception {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return properties;
    }

    @Test
    void shouldDescribeASingleCombinedKraftNodeOnLoopbackWhenRendered() throws Exception {
        Properties properties = load(KafkaServerProperties.render(19092, 19093, Path.of("/tmp/flotilla/kafka-data")));

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
        Properties properties = load(KafkaServerProperties.render(1, 2, Path.of("/data")));

        assertThat(properties)
                .containsEntry("num.partitions", "4")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("offsets.topic.num.partitions", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0");
    }

    @Test
    void shouldEscapeBackslashesSoPropertiesReadsThePathBack() throws Exception {
        String text = KafkaServerProperties.render(1, 2, Path.of("/data/odd\\dir"));

        assertThat(load(text).getProperty("log.dirs")).endsWith("odd\\dir");
    }

    @Test
    void shouldSendWarningsToStandardErrorWhenConfiguringLog4j() throws Exception {
        Properties log4j2 = load(KafkaServerProperties.log4j2());

        assertThat(log4j2)
                .containsEntry("appender.stderr.target", "SYSTEM_ERR")
                .containsEntry("rootLogger.level", "warn");
    }
}
