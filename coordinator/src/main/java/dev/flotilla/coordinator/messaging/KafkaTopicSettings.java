package dev.flotilla.coordinator.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.OptionalInt;

/**
 * How the coordinator creates Flotilla's topics ({@code flotilla.kafka.*}, docs/operations.md): their
 * replication, the minimum in-sync replicas a write needs, and partitions. Topics that exist are left
 * as they are, and a replication below this one is logged.
 */
@ConfigMapping(prefix = "flotilla.kafka")
public interface KafkaTopicSettings {

    /** Replicas of every topic; 3 in production, 1 for a one-broker stack. */
    @WithDefault("1")
    short replicationFactor();

    /** The topics' {@code min.insync.replicas}; the broker's default when absent. */
    OptionalInt minInsyncReplicas();

    /** Partitions of {@code flotilla.events}: the most coordinator fold threads that can share the work. */
    @WithDefault("4")
    int eventPartitions();

    /** Partitions of each site's command topic: the most agents of a site that can share its tenants. */
    @WithDefault("4")
    int commandPartitions();
}
