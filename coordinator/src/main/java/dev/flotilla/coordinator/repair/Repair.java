package dev.flotilla.coordinator.repair;

import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.RepairAction;
import java.time.Instant;
import java.util.UUID;

/**
 * One repair or baseline as the audit records it: who asked, when and why, and how its agent ended it.
 *
 * @param message what the agent did or why it refused; null while requested
 * @param finishedAt null while requested
 */
public record Repair(
        UUID id,
        String tenant,
        Version version,
        RepairAction action,
        String actor,
        String reason,
        RepairState state,
        String message,
        Instant requestedAt,
        Instant finishedAt) {}
