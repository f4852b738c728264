package dev.flotilla.coordinator.messaging;

import dev.flotilla.coordinator.service.EventsTopicRetention;
import dev.flotilla.model.wire.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Reads how long {@code flotilla.events} keeps an event from the topic's configuration. The broker
 * deletes a whole segment once its newest record is older than {@code retention.ms}, and a segment
 * spans up to {@code segment.ms} of records, so an event may stay up to their sum; an hour is added for
 * the broker's retention check, which runs every few minutes.
 */
@ApplicationScoped
public class EventsTopicConfig implements EventsTopicRetention {

    private static final Duration CHECK_MARGIN = Duration.ofHours(1);

    private final KafkaAdmin admin;

    public EventsTopicConfig(KafkaAdmin admin) {
        this.admin = admin;
    }

    @Override
    public Stay longestStay() {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.EVENTS);
        try {
            Config config =
                    admin.ask(a -> a.describeConfigs(List.of(topic)).all()).get(topic);
            long retention = millis(config, TopicConfig.RETENTION_MS_CONFIG);
            if (retention < 0) {
                return new Stay.Forever();
            }
            long segment = Math.max(0, millis(config, TopicConfig.SEGMENT_MS_CONFIG));
            return new Stay.AtMost(
                    Duration.ofMillis(retention).plusMillis(segment).plus(CHECK_MARGIN));
        } catch (ExecutionException e) {
            return new Stay.Unknown(e.getCause().toString());
        } catch (TimeoutException e) {
            return new Stay.Unknown("the broker did not describe " + Topics.EVENTS + " in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Stay.Unknown("interrupted");
        } catch (RuntimeException e) {
            return new Stay.Unknown(e.toString());
        }
    }

    private static long millis(Config config, String name) {
        ConfigEntry entry = config.get(name);
        if (entry == null || entry.value() == null) {
            throw new IllegalStateException(Topics.EVENTS + " has no " + name);
        }
        return Long.parseLong(entry.value());
    }
}
