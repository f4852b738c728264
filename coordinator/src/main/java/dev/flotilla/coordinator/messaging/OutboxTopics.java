package dev.flotilla.coordinator.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

/**
 * Makes sure an outbox row's topic exists before the relay sends to it: a producer sending to a missing
 * topic on a broker that does not create topics on first use waits for it ({@code max.block.ms}) and
 * holds up every send behind it. A missing topic (a new site's command topic) is created explicitly,
 * with {@code flotilla.kafka.command-partitions} and the configured replication; a topic that cannot be created makes its rows
 * {@link SendOutcome.Refused}. Topics seen to exist are remembered until a send to them fails.
 */
@ApplicationScoped
public class OutboxTopics {

    private static final Logger LOGGER = Logger.getLogger(OutboxTopics.class);

    private final KafkaAdmin admin;
    private final KafkaTopicSettings settings;
    private final Set<String> existing = ConcurrentHashMap.newKeySet();

    public OutboxTopics(KafkaAdmin admin, KafkaTopicSettings settings) {
        this.admin = admin;
        this.settings = settings;
    }

    /** Empty when the topic exists (or was just created); otherwise what becomes of its rows this round. */
    Optional<SendOutcome> check(String topic) {
        if (existing.contains(topic)) {
            return Optional.empty();
        }
        try {
            admin.ask(a -> a.describeTopics(List.of(topic)).allTopicNames());
            existing.add(topic);
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return create(topic);
            }
            return Optional.of(SendFailures.ofTopicCreation(topic, e.getCause()));
        } catch (TimeoutException e) {
            return Optional.of(new SendOutcome.Failed("the broker did not describe topic " + topic + " in time"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new SendOutcome.Failed("interrupted"));
        }
    }

    /** Forgets that the topic exists, so the next row for it checks again (it may have been deleted). */
    void forget(String topic) {
        existing.remove(topic);
    }

    private Optional<SendOutcome> create(String topic) {
        try {
            admin.ask(a -> a.createTopics(List.of(TopicSetup.commandTopic(topic, settings)))
                    .all());
            LOGGER.infof("topic created name=%s by=outbox-relay", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                SendOutcome outcome = SendFailures.ofTopicCreation(topic, e.getCause());
                LOGGER.errorf("topic not created name=%s outcome=%s", topic, outcome);
                return Optional.of(outcome);
            }
        } catch (TimeoutException e) {
            return Optional.of(new SendOutcome.Failed("the broker did not create topic " + topic + " in time"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new SendOutcome.Failed("interrupted"));
        }
        existing.add(topic);
        return Optional.empty();
    }
}
