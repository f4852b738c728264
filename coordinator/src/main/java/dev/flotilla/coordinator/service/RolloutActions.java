package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.messaging.OutboxRelay;
import dev.flotilla.coordinator.plan.Planner;
import dev.flotilla.coordinator.rollout.RolloutDecisions;
import dev.flotilla.coordinator.rollout.RolloutState;
import dev.flotilla.coordinator.rollout.RunState;
import dev.flotilla.coordinator.store.ActionStore;
import dev.flotilla.coordinator.store.ActionStore.Action;
import dev.flotilla.coordinator.store.CellStore;
import dev.flotilla.coordinator.store.Db;
import dev.flotilla.coordinator.store.OperatorRuns;
import dev.flotilla.coordinator.store.OperatorRuns.TenantRun;
import dev.flotilla.coordinator.store.OutboxStore;
import dev.flotilla.coordinator.store.RolloutStore;
import dev.flotilla.coordinator.store.RolloutStore.RolloutRow;
import dev.flotilla.coordinator.store.RunStore;
import dev.flotilla.coordinator.store.RunStore.PendingRun;
import dev.flotilla.coordinator.store.WaveStore;
import dev.flotilla.coordinator.store.WaveStore.WaveRow;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.CancelRun;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Topics;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What operators do to a running rollout: pause, resume, cancel, approve the next wave, retry or skip
 * a tenant. Each action is checked against the rollout's state, recorded with who, when and why in
 * the same transaction, and followed by the engine's next move.
 */
@ApplicationScoped
public class RolloutActions {

    private static final Logger LOGGER = Logger.getLogger(RolloutActions.class);
    private static final Set<RunState> RETRYABLE = Set.of(RunState.FAILED, RunState.CANCELLED, RunState.BLOCKED);
    private static final Set<RunState> SKIPPABLE =
            Set.of(RunState.PENDING, RunState.FAILED, RunState.CANCELLED, RunState.BLOCKED);

    private final Db db;
    private final WaveEngine engine;
    private final OutboxStore outbox;
    private final OutboxRelay relay;
    private final Clock clock;

    public RolloutActions(Db db, WaveEngine engine, OutboxStore outbox, OutboxRelay relay, Clock clock) {
        this.db = db;
        this.engine = engine;
        this.outbox = outbox;
        this.relay = relay;
        this.clock = clock;
    }

    /** No new runs until resumed; runs in flight finish. */
    public void pause(UUID id, String actor, String reason) {
        act(id, actor, "pause", null, reason, (tx, rollout, now) -> {
            requireState(rollout, "paused", RolloutState.RUNNING);
            RolloutStore.setState(tx, id, RolloutState.PAUSED, "paused by " + actor + why(reason), now);
        });
    }

    /** A paused or halted rollout runs again; a wave whose budget is still breached halts again at once. */
    public void resume(UUID id, String actor, String reason) {
        act(id, actor, "resume", null, reason, (tx, rollout, now) -> {
            requireState(rollout, "resumed", RolloutState.PAUSED, RolloutState.HALTED);
            RolloutStore.setState(tx, id, RolloutState.RUNNING, null, now);
        });
    }

    /** Stops the rollout for good: pending runs are cancelled, runs in flight are told to stop before their next transaction. */
    public void cancel(UUID id, String actor, String reason) {
        act(id, actor, "cancel", null, reason, (tx, rollout, now) -> {
            requireState(rollout, "cancelled", RolloutState.RUNNING, RolloutState.PAUSED, RolloutState.HALTED);
            String message = "cancelled by " + actor + why(reason);
            OperatorRuns.settlePending(tx, id, RunState.CANCELLED, message, now);
            for (PendingRun run : OperatorRuns.inFlightRuns(tx, id)) {
                outbox.append(
                        tx,
                        Topics.commands(run.site()),
                        run.tenant(),
                        Envelope.of(run.tenant(), id, now, new CancelRun(run.id(), message)));
            }
            RolloutStore.setState(tx, id, RolloutState.CANCELLED, message, now);
        });
    }

    /**
     * Approves the gate the rollout stands at: the current wave if it waits to start, else the wave
     * after a done current wave. Nothing is approved in advance, so approving twice (a double click, a
     * retried request) never opens a later gate.
     *
     * @param wave the wave the operator means to approve, if named; refused when it is not the one waiting
     */
    public void approve(UUID id, Optional<String> wave, String actor, String reason) {
        act(id, actor, "approve", null, reason, (tx, rollout, now) -> {
            requireState(rollout, "approved", RolloutState.RUNNING, RolloutState.PAUSED, RolloutState.HALTED);
            List<WaveRow> waves = WaveStore.waves(tx, id);
            WaveRow gate = waitingForApproval(waves, rollout.currentWave())
                    .orElseThrow(() -> RolloutActionRefused.conflict("no wave of rollout " + id
                            + " waits for an approval now (wave "
                            + waves.get(rollout.currentWave()).name()
                            + " is " + (waves.get(rollout.currentWave()).doneAt() == null ? "running" : "done") + ")"));
            if (wave.isPresent() && !wave.get().equals(gate.name())) {
                throw RolloutActionRefused.conflict(
                        "the wave waiting for an approval is " + gate.name() + ", not " + wave.get());
            }
            WaveStore.approved(tx, id, gate.position(), actor, now);
        });
    }

    private static Optional<WaveRow> waitingForApproval(List<WaveRow> waves, int current) {
        WaveRow here = waves.get(current);
        if (here.startedAt() == null) {
            return Optional.of(here).filter(RolloutActions::needsApproval);
        }
        if (here.doneAt() == null || current + 1 >= waves.size()) {
            return Optional.empty();
        }
        return Optional.of(waves.get(current + 1)).filter(RolloutActions::needsApproval);
    }

    private static boolean needsApproval(WaveRow wave) {
        return wave.spec().approval() && wave.approvedBy() == null;
    }

    /** Runs a failed, cancelled or blocked tenant again, from the version it is at now. */
    public void retry(UUID id, String tenant, String actor, String reason) {
        act(id, actor, "retry", tenant, reason, (tx, rollout, now) -> {
            requireState(rollout, "retried", RolloutState.RUNNING, RolloutState.PAUSED, RolloutState.HALTED);
            TenantRun run = runOf(tx, id, tenant);
            if (!RETRYABLE.contains(run.state())) {
                throw RolloutActionRefused.conflict("tenant " + tenant + " is " + run.state()
                        + "; only failed, cancelled or blocked tenants are retried");
            }
            Map<String, String> needRepair = CellStore.needingRepair(tx, List.of(tenant));
            if (needRepair.containsKey(tenant)) {
                throw RolloutActionRefused.conflict(
                        "tenant " + tenant + " still needs a repair: " + needRepair.get(tenant));
            }
            Set<Version> applied = CellStore.applied(tx, List.of(tenant)).getOrDefault(tenant, Set.of());
            List<Version> steps = Planner.pathOf(RolloutStore.planVersions(tx, rollout.planId()), applied);
            OperatorRuns.reopen(
                    tx, run.id(), UUID.randomUUID(), steps, RolloutDecisions.initialRunState(steps.size(), null), now);
        });
    }

    /** Takes a tenant that is not in flight out of the rollout; the reason is required. */
    public void skip(UUID id, String tenant, String actor, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a skip needs a reason");
        }
        act(id, actor, "skip", tenant, reason, (tx, rollout, now) -> {
            requireState(rollout, "changed", RolloutState.RUNNING, RolloutState.PAUSED, RolloutState.HALTED);
            TenantRun run = runOf(tx, id, tenant);
            if (!SKIPPABLE.contains(run.state())) {
                throw RolloutActionRefused.conflict("tenant " + tenant + " is " + run.state()
                        + "; only pending, failed, cancelled or blocked tenants are skipped");
            }
            RunStore.setRunState(tx, List.of(run.id()), RunState.SKIPPED, "skipped by " + actor + why(reason), now);
        });
    }

    @FunctionalInterface
    private interface Change {
        void apply(SqlClient tx, RolloutRow rollout, Instant now);
    }

    private void act(UUID id, String actor, String action, String tenant, String reason, Change change) {
        Instant now = clock.instant();
        db.inTransactionRetrying(3, tx -> {
            RolloutRow rollout =
                    RolloutStore.lock(tx, id).orElseThrow(() -> RolloutActionRefused.notFound("no rollout " + id));
            change.apply(tx, rollout, now);
            ActionStore.record(tx, id, new Action(now, actor, action, tenant, reason));
            engine.advance(tx, id, now);
            return null;
        });
        LOGGER.infof(
                "rollout action rollout=%s action=%s tenant=%s actor=%s reason=%s", id, action, tenant, actor, reason);
        relay.wakeUp();
    }

    private static TenantRun runOf(SqlClient tx, UUID id, String tenant) {
        return OperatorRuns.ofTenant(tx, id, tenant)
                .orElseThrow(() -> RolloutActionRefused.notFound("tenant " + tenant + " is not part of rollout " + id));
    }

    private static void requireState(RolloutRow rollout, String verb, RolloutState... allowed) {
        if (!List.of(allowed).contains(rollout.state())) {
            throw RolloutActionRefused.conflict(
                    "rollout " + rollout.id() + " is " + rollout.state() + " and cannot be " + verb);
        }
    }

    private static String why(String reason) {
        return reason == null || reason.isBlank() ? "" : ": " + reason;
    }
}
