package dev.flotilla.coordinator.rollout;

import dev.flotilla.coordinator.plan.Concurrency;
import dev.flotilla.coordinator.plan.FailureBudget;
import dev.flotilla.coordinator.plan.OnBreach;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A rollout as stored: what it targets, its limits, where it stands.
 *
 * @param target what the operator asked for: {@code {"version": …}}, {@code {"release": …}} or
 *     {@code {"select": …}}
 * @param targetVersion the highest version the rollout takes tenants to
 * @param sites the sites of the rollout's tenants
 * @param currentWave the 0-based wave the rollout is in
 * @param reason why it is halted, paused, cancelled or waiting at a gate; null while it simply runs
 * @param wakeAt when a wait ends by the clock alone (a soak), for the pacer; null otherwise
 * @param finishedAt when it reached a terminal state; null before
 * @param direction up, or down for the rollback of another rollout
 * @param undoes the rollout this one rolls back; null for a forward rollout
 * @param onBreach what a wave breaching its failure budget does besides halting it
 * @param allowIrreversible the plan allowed stepping over irreversible steps: going down, or in the
 *     automatic rollback of a breached wave
 */
public record Rollout(
        UUID id,
        String planId,
        Map<String, String> target,
        Version targetVersion,
        RolloutState state,
        Concurrency concurrency,
        FailureBudget budget,
        List<String> sites,
        int currentWave,
        String reason,
        Instant wakeAt,
        Instant createdAt,
        Instant finishedAt,
        Direction direction,
        UUID undoes,
        OnBreach onBreach,
        boolean allowIrreversible) {}
