package dev.flotilla.bench.coordinator;

import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Event;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.model.wire.RunStarted;
import dev.flotilla.model.wire.StepStarted;
import dev.flotilla.model.wire.StepSucceeded;
import dev.flotilla.model.wire.Topics;
import dev.flotilla.model.wire.WireCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays the agents of a rollout at full speed: for every run of the rollout, the events an agent
 * would send (started, each step started and succeeded, finished), keyed by tenant, all published at
 * once. The coordinator folds them with its real persistence; the time until the last one is folded
 * gives events per second.
 */
final class EventLoad {

    private EventLoad() {}

    /** The events for every run of {@code rollout}, in per-tenant order. */
    static List<Envelope<Event>> eventsFor(Connection coordinator, UUID rollout) throws SQLException {
        Map<String, String> checksums = new HashMap<>();
        try (var rs = coordinator.createStatement().executeQuery("select version, checksum from migrations")) {
            while (rs.next()) {
                checksums.put(rs.getString(1), rs.getString(2));
            }
        }
        List<Envelope<Event>> events = new ArrayList<>();
        Instant at = Instant.now();
        try (PreparedStatement s =
                coordinator.prepareStatement("select run_id, tenant_id, steps from runs where rollout_id = ?")) {
            s.setObject(1, rollout);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    UUID run = rs.getObject(1, UUID.class);
                    String tenant = rs.getString(2);
                    events.add(Envelope.of(tenant, rollout, at, new RunStarted(run, "agent-bench")));
                    for (String text : (String[]) rs.getArray(3).getArray()) {
                        Version version = Version.of(text);
                        events.add(Envelope.of(tenant, rollout, at, new StepStarted(run, version, Direction.UP)));
                        events.add(Envelope.of(
                                tenant,
                                rollout,
                                at,
                                new StepSucceeded(run, version, Direction.UP, checksums.get(text), 1, false)));
                    }
                    events.add(Envelope.of(tenant, rollout, at, new RunFinished(run, RunOutcome.SUCCEEDED, null)));
                }
            }
        }
        return events;
    }

    /** Publishes the events and waits until the coordinator has folded them all; returns the time taken. */
    static Duration publishAndAwait(String bootstrap, Connection coordinator, List<Envelope<Event>> events)
            throws Exception {
        long before = processed(coordinator);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.LINGER_MS_CONFIG, "5",
                        ProducerConfig.BATCH_SIZE_CONFIG, "262144"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            List<byte[]> encoded = events.stream().map(WireCodec::encode).toList();
            long start = System.nanoTime();
            for (int i = 0; i < events.size(); i++) {
                producer.send(new ProducerRecord<>(Topics.EVENTS, events.get(i).tenant(), encoded.get(i)));
            }
            producer.flush();
            long target = before + events.size();
            Instant deadline = Instant.now().plus(Duration.ofMinutes(20));
            while (processed(coordinator) < target) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the coordinator folded " + (processed(coordinator) - before)
                            + " of " + events.size() + " events in 20 minutes");
                }
                Thread.sleep(50);
            }
            return Duration.ofNanos(System.nanoTime() - start);
        }
    }

    private static long processed(Connection coordinator) throws SQLException {
        try (var rs = coordinator.createStatement().executeQuery("select count(*) from processed_messages")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
