package dev.flotilla.coordinator.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Of the Kafka clients' own metrics (Quarkus' Kafka binder, some 350 series for the coordinator's
 * consumers and producer), keeps only each consumer's lag: the most records a fetch of the last
 * sample window found behind the end of its partitions, as {@code flotilla_consumer_records_lag_max}
 * with the client's id ({@code kafka-consumer-events} for the events the coordinator folds). The
 * Kafka client computes it anyway; it costs no request to the broker.
 */
@Singleton
public class KafkaLag {

    static final String KAFKA_NAME = "kafka.consumer.fetch.manager.records.lag.max";
    static final String NAME = "flotilla.consumer.records.lag.max";

    @Produces
    @Singleton
    MeterFilter consumerLagOnly() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (!id.getName().equals(KAFKA_NAME)) {
                    return id;
                }
                List<Tag> tags = id.getTags().stream()
                        .filter(tag -> tag.getKey().equals("client.id"))
                        .toList();
                return id.withName(NAME).replaceTags(tags);
            }

            @Override
            public MeterFilterReply accept(Meter.Id id) {
                return id.getName().startsWith("kafka.") ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
            }
        };
    }
}
