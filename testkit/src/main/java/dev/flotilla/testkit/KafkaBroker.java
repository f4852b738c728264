package dev.flotilla.testkit;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A real single-node KRaft Kafka broker for tests: inside the test JVM, with the {@link SingleNodeBroker}
 * settings (internal topics have one partition and one replica and rebalances start at once, so
 * consumers in tests do not spin on group coordination), or, with {@link TestInfrastructure} asking
 * for containers, a Kafka container.
 */
public final class KafkaBroker implements AutoCloseable {

    /** The image of the Kafka container ({@link TestInfrastructure.Kind#CONTAINERS}). */
    static final String IMAGE = "apache/kafka:4.0.0";

    private final String bootstrapServers;
    private final AutoCloseable stopper;

    private KafkaBroker(String bootstrapServers, AutoCloseable stopper) {
        this.bootstrapServers = bootstrapServers;
        this.stopper = stopper;
    }

    public static KafkaBroker start() {
        return TestInfrastructure.kind() == TestInfrastructure.Kind.CONTAINERS ? inContainer() : inProcess();
    }

    private static KafkaBroker inContainer() {
        KafkaContainer container = new KafkaContainer(IMAGE);
        SingleNodeBroker.settings()
                .forEach((key, value) -> container.withEnv(
                        "KAFKA_" + key.toUpperCase(Locale.ROOT).replace('.', '_'), value));
        container.start();
        return new KafkaBroker(container.getBootstrapServers(), container::stop);
    }

    private static KafkaBroker inProcess() {
        return inProcess(SecurityProtocol.PLAINTEXT);
    }

    /**
     * An in-process broker whose clients must authenticate with SASL PLAIN: user {@value #SASL_USER},
     * password {@value #SASL_PASSWORD} ({@link #saslClient}); the controller listener stays plain.
     */
    public static KafkaBroker startWithSasl() {
        return inProcess(SecurityProtocol.SASL_PLAINTEXT);
    }

    /** The user a {@link #startWithSasl} broker knows, besides its own admin. */
    public static final String SASL_USER = JaasUtils.KAFKA_PLAIN_USER1;

    /** That user's password. */
    public static final String SASL_PASSWORD = JaasUtils.KAFKA_PLAIN_USER1_PASSWORD;

    /** The client settings (without the {@code kafka.} prefix) that log in as {@code user}. */
    public static Map<String, String> saslClient(String user, String password) {
        return Map.of(
                "security.protocol",
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                "PLAIN",
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\""
                        + password + "\";");
    }

    private static KafkaBroker inProcess(SecurityProtocol protocol) {
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBrokerSecurityProtocol(protocol)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            SingleNodeBroker.settings().forEach(builder::setConfigProp);
            if (protocol == SecurityProtocol.SASL_PLAINTEXT) {
                // the test kit adds an authorizer that lets only its own admin do anything: this broker
                // checks who a client is (authentication), not what it may do (no ACLs)
                builder.setConfigProp("authorizer.class.name", "");
            }
            KafkaClusterTestKit cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new KafkaBroker(cluster.bootstrapServers(), cluster);
        } catch (Exception e) {
            throw new IllegalStateException("in-process Kafka broker did not start", e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates topics that do not exist yet. */
    public void createTopics(Collection<String> names, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            for (String name : names) {
                try {
                    admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                            .all()
                            .get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name, e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            stopper.close();
        } catch (Exception e) {
            throw new IllegalStateException("in-process Kafka broker did not stop cleanly", e);
        }
    }
}
