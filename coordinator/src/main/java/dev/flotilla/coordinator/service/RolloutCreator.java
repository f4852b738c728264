package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.plan.Concurrency;
import dev.flotilla.coordinator.plan.FailureBudget;
import dev.flotilla.coordinator.plan.OnBreach;
import dev.flotilla.coordinator.plan.WaveSpec;
import dev.flotilla.coordinator.rollout.ActionRecord;
import dev.flotilla.coordinator.rollout.Rollout;
import dev.flotilla.coordinator.rollout.RolloutState;
import dev.flotilla.coordinator.store.ActionStore;
import dev.flotilla.coordinator.store.RolloutStore;
import dev.flotilla.coordinator.store.RunStore;
import dev.flotilla.coordinator.store.RunStore.NewRun;
import dev.flotilla.coordinator.store.WaveStore;
import dev.flotilla.model.catalog.Migration;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.PlanPublished;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a new rollout, forward or rollback, in the caller's transaction: its signed plan (published
 * through the outbox when new), the rollout, its waves and runs, the audit entry of its start, and
 * its first turn of the engine.
 */
@ApplicationScoped
public class RolloutCreator {

    private final PlanPublisher plans;
    private final WaveEngine engine;

    public RolloutCreator(PlanPublisher plans, WaveEngine engine) {
        this.plans = plans;
        this.engine = engine;
    }

    /**
     * A rollout to create.
     *
     * @param migrations the plan's migrations, in catalog order
     * @param target what the operator asked for, as the API shows it
     * @param targetVersion forward, the highest version it takes tenants to; back, the lowest it reverts
     * @param undoes the rollout a rollback undoes; null forward
     * @param onBreach what a wave breaching its failure budget does besides halting the rollout
     * @param allowIrreversible the plan's allowIrreversible, kept for an automatic rollback
     * @param reason why it starts, for its audit trail; nullable
     */
    public record NewRollout(
            UUID id,
            List<Migration> migrations,
            Map<String, String> target,
            Version targetVersion,
            Direction direction,
            UUID undoes,
            Concurrency concurrency,
            FailureBudget budget,
            List<WaveSpec> waves,
            List<NewRun> runs,
            String actor,
            OnBreach onBreach,
            boolean allowIrreversible,
            String reason) {}

    public void create(SqlClient tx, NewRollout rollout, Instant now) {
        PlanPublished published = plans.publish(tx, rollout.migrations(), rollout.targetVersion(), now);
        List<String> sites =
                rollout.runs().stream().map(NewRun::site).distinct().sorted().toList();
        RolloutStore.insertRollout(
                tx,
                new Rollout(
                        rollout.id(),
                        published.planId(),
                        rollout.target(),
                        rollout.targetVersion(),
                        RolloutState.RUNNING,
                        rollout.concurrency(),
                        rollout.budget(),
                        sites,
                        0,
                        null,
                        null,
                        now,
                        null,
                        rollout.direction(),
                        rollout.undoes(),
                        rollout.onBreach(),
                        rollout.allowIrreversible()));
        WaveStore.insert(tx, rollout.id(), rollout.waves());
        RunStore.insertRuns(tx, rollout.id(), rollout.runs(), now);
        ActionStore.record(tx, rollout.id(), new ActionRecord(now, rollout.actor(), "start", null, rollout.reason()));
        engine.advance(tx, rollout.id(), now);
    }
}
