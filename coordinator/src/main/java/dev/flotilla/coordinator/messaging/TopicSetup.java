package dev.flotilla.coordinator.messaging;

import dev.flotilla.model.wire.Topics;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the shared topics before anything uses them: plans and agents are compacted (the latest
 * plan or heartbeat per key is what matters), events and the agents' dead letters keep history. Site command topics are created
 * by the broker on first use.
 */
@Startup
@ApplicationScoped
public class TopicSetup {

    private static final Logger LOGGER = Logger.getLogger(TopicSetup.class);

    public TopicSetup(
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            @ConfigProperty(name = "flotilla.events.partitions", defaultValue = "4") int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get();
            Map<String, String> compacted =
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            List<NewTopic> missing = List.of(
                            new NewTopic(Topics.PLANS, 1, (short) 1).configs(compacted),
                            new NewTopic(Topics.AGENTS, 1, (short) 1).configs(compacted),
                            new NewTopic(Topics.EVENTS, partitions, (short) 1),
                            new NewTopic(Topics.DEAD_LETTERS, 1, (short) 1))
                    .stream()
                    .filter(t -> !existing.contains(t.name()))
                    .toList();
            for (NewTopic topic : missing) {
                create(admin, topic);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot list Kafka topics: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void create(Admin admin, NewTopic topic) throws InterruptedException {
        try {
            admin.createTopics(List.of(topic)).all().get();
            LOGGER.infof("topic created name=%s", topic.name());
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
