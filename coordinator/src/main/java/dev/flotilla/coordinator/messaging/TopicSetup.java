package dev.flotilla.coordinator.messaging;

import dev.flotilla.model.wire.Topics;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates the shared topics before anything uses them, with the configured replication, minimum
 * in-sync replicas and partitions ({@link KafkaTopicSettings}), through an admin client that has the
 * channels' security settings ({@link KafkaClients}): plans and agents are compacted (the latest plan
 * or heartbeat per key is what matters), events and the agents' dead letters keep history. Each
 * site's command topic is created the same way when its first command is relayed ({@link OutboxTopics}),
 * so nothing relies on the broker creating topics by itself. Topics that exist are left as they are;
 * one with fewer replicas than configured is logged.
 */
@Startup
@ApplicationScoped
public class TopicSetup {

    private static final Logger LOGGER = Logger.getLogger(TopicSetup.class);

    public TopicSetup(@Identifier("default-kafka-broker") Map<String, Object> kafka, KafkaTopicSettings settings) {
        try (Admin admin = Admin.create(KafkaClients.admin(kafka))) {
            Set<String> existing = admin.listTopics().names().get();
            Map<String, String> compacted =
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            List<NewTopic> wanted = List.of(
                    topic(Topics.PLANS, 1, compacted, settings),
                    topic(Topics.AGENTS, 1, compacted, settings),
                    topic(Topics.EVENTS, settings.eventPartitions(), Map.of(), settings),
                    topic(Topics.DEAD_LETTERS, 1, Map.of(), settings));
            for (NewTopic topic : wanted) {
                if (existing.contains(topic.name())) {
                    checkReplication(admin, topic.name(), settings.replicationFactor());
                } else {
                    create(admin, topic);
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot list Kafka topics at " + kafka.get("bootstrap.servers") + ": "
                            + e.getCause().getMessage()
                            + " (check kafka.bootstrap.servers and, with SASL or TLS, kafka.security.protocol and"
                            + " kafka.sasl.* / kafka.ssl.*)",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A site's command topic as the relay creates it. */
    static NewTopic commandTopic(String name, KafkaTopicSettings settings) {
        return topic(name, settings.commandPartitions(), Map.of(), settings);
    }

    private static NewTopic topic(
            String name, int partitions, Map<String, String> configs, KafkaTopicSettings settings) {
        Map<String, String> all = new HashMap<>(configs);
        settings.minInsyncReplicas()
                .ifPresent(min -> all.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(min)));
        return new NewTopic(name, partitions, settings.replicationFactor()).configs(all);
    }

    private static void checkReplication(Admin admin, String name, short wanted)
            throws ExecutionException, InterruptedException {
        TopicDescription description =
                admin.describeTopics(List.of(name)).allTopicNames().get().get(name);
        int replicas = description.partitions().isEmpty()
                ? 0
                : description.partitions().getFirst().replicas().size();
        if (replicas < wanted) {
            LOGGER.warnf(
                    "topic has fewer replicas than configured name=%s replicas=%d flotilla.kafka.replication-factor=%d"
                            + " (raise it with kafka-reassign-partitions; Flotilla does not change existing topics)",
                    name, replicas, wanted);
        }
    }

    private static void create(Admin admin, NewTopic topic) throws InterruptedException {
        try {
            admin.createTopics(List.of(topic)).all().get();
            LOGGER.infof(
                    "topic created name=%s partitions=%d replicas=%d",
                    topic.name(), topic.numPartitions(), topic.replicationFactor());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(
                        "cannot create topic " + topic.name() + ": "
                                + e.getCause().getMessage(),
                        e);
            }
        }
    }
}
