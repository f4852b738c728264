package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.rollout.Concurrency;
import dev.flotilla.coordinator.rollout.RolloutDecisions;
import dev.flotilla.coordinator.rollout.RolloutState;
import dev.flotilla.coordinator.rollout.RunCounts;
import dev.flotilla.coordinator.rollout.RunState;
import dev.flotilla.coordinator.rollout.WaveGate;
import dev.flotilla.coordinator.store.ActionStore;
import dev.flotilla.coordinator.store.OutboxStore;
import dev.flotilla.coordinator.store.RolloutStore;
import dev.flotilla.coordinator.store.RolloutStore.RolloutRow;
import dev.flotilla.coordinator.store.RunStore;
import dev.flotilla.coordinator.store.RunStore.PendingRun;
import dev.flotilla.coordinator.store.WaveStore;
import dev.flotilla.coordinator.store.WaveStore.WaveRow;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Moves a rollout as far as its gates allow: fills free slots of the current wave within the
 * concurrency limits, halts it when the wave's failure budget is breached, waits at a gate (soak,
 * approval) and starts the next wave when the gate opens. The decisions are {@link WaveGate}'s and
 * {@link Concurrency}'s; this adapter loads their inputs and writes their verdicts, with the commands
 * it sends, in the caller's transaction.
 */
@ApplicationScoped
public class WaveEngine {

    private static final Logger LOGGER = Logger.getLogger(WaveEngine.class);
    private static final RunCounts NO_RUNS = new RunCounts(Map.of());

    private final OutboxStore outbox;

    public WaveEngine(OutboxStore outbox) {
        this.outbox = outbox;
    }

    /**
     * Advances a running rollout. A paused or halted one dispatches nothing, but still notes when its
     * current wave's last runs finish, so its soak counts from then, not from the resume. Locks the
     * rollout row.
     */
    public void advance(SqlClient tx, UUID id, Instant now) {
        RolloutRow rollout = RolloutStore.lock(tx, id).orElseThrow();
        if (rollout.state().resumable()) {
            WaveRow wave = WaveStore.waves(tx, id).get(rollout.currentWave());
            if (wave.startedAt() != null) {
                RunCounts runs = RunStore.countsByWave(tx, id).getOrDefault(rollout.currentWave(), NO_RUNS);
                doneAt(tx, id, wave, runs, false, now);
            }
            return;
        }
        if (rollout.state() != RolloutState.RUNNING) {
            return;
        }
        List<WaveRow> waves = WaveStore.waves(tx, id);
        int current = rollout.currentWave();
        while (true) {
            Map<Integer, RunCounts> counts = RunStore.countsByWave(tx, id);
            WaveRow wave = waves.get(current);
            boolean awaitingApproval = wave.startedAt() == null && wave.spec().approval() && wave.approvedBy() == null;
            if (wave.startedAt() == null && !awaitingApproval) {
                WaveStore.started(tx, id, current, now);
            }
            RunCounts runs = counts.getOrDefault(current, NO_RUNS);
            Instant doneAt = doneAt(tx, id, wave, runs, awaitingApproval, now);
            Optional<WaveGate.Next> next =
                    current + 1 < waves.size() ? Optional.of(nextOf(waves.get(current + 1))) : Optional.empty();
            WaveGate.Verdict verdict = WaveGate.check(
                    new WaveGate.Wave(
                            wave.name(), awaitingApproval, runs, wave.spec().soak(), doneAt),
                    rollout.budget(),
                    next,
                    now);
            switch (verdict) {
                case WaveGate.Halt halt -> {
                    halt(tx, id, halt.reason(), now);
                    return;
                }
                case WaveGate.Dispatch dispatch -> {
                    fill(tx, rollout, current, now);
                    reason(tx, rollout, null, null);
                    return;
                }
                case WaveGate.Wait wait -> {
                    // Tenants of earlier waves retried by an operator run while the gate waits; a wave
                    // that waits for its approval to start gets none of its own.
                    fill(tx, rollout, awaitingApproval ? current - 1 : current, now);
                    reason(tx, rollout, wait.reason(), wait.until());
                    return;
                }
                case WaveGate.Advance advance -> {
                    current++;
                    RolloutStore.setCurrentWave(tx, id, current);
                    WaveStore.started(tx, id, current, now);
                    waves = WaveStore.waves(tx, id);
                    LOGGER.infof(
                            "wave started rollout=%s wave=%s",
                            id, waves.get(current).name());
                }
                case WaveGate.Finish finish -> {
                    int unfinished = RunCounts.sum(counts.values()).unfinished();
                    if (unfinished > 0) {
                        fill(tx, rollout, current, now);
                        reason(tx, rollout, unfinished + " tenants retried in earlier waves have yet to finish", null);
                        return;
                    }
                    finish(tx, id, counts, now);
                    return;
                }
            }
        }
    }

    /** When the wave was first seen done, recorded now if it just finished; forgotten if a retry reopened it. */
    private static Instant doneAt(
            SqlClient tx, UUID id, WaveRow wave, RunCounts runs, boolean awaitingApproval, Instant now) {
        boolean done = !awaitingApproval && runs.unfinished() == 0;
        if (done && wave.doneAt() == null) {
            WaveStore.done(tx, id, wave.position(), now);
            return now;
        }
        if (!done && wave.doneAt() != null) {
            WaveStore.done(tx, id, wave.position(), null);
            return null;
        }
        return wave.doneAt();
    }

    private static WaveGate.Next nextOf(WaveRow wave) {
        return new WaveGate.Next(wave.name(), wave.spec().approval(), wave.approvedBy() != null);
    }

    /** Dispatches pending runs of waves up to {@code wave} (none when it is below 0) within the limits. */
    private void fill(SqlClient tx, RolloutRow rollout, int wave, Instant now) {
        if (wave < 0) {
            return;
        }
        Concurrency limits = rollout.concurrency();
        List<PendingRun> candidates = RunStore.pending(tx, rollout.id(), rollout.sites(), wave, limits.perSite());
        if (candidates.isEmpty()) {
            return;
        }
        List<PendingRun> picked = limits.pick(candidates, RunStore.inFlight(tx, rollout.id()));
        for (PendingRun run : picked) {
            outbox.appendRun(tx, rollout.id(), rollout.planId(), run, now);
        }
        RunStore.setRunState(tx, picked.stream().map(PendingRun::id).toList(), RunState.DISPATCHED, null, now);
    }

    /** Records why the rollout waits (null: it does not) and when the clock alone ends the wait. */
    private static void reason(SqlClient tx, RolloutRow rollout, String reason, Instant wakeAt) {
        if (!Objects.equals(rollout.reason(), reason) || !Objects.equals(rollout.wakeAt(), wakeAt)) {
            RolloutStore.setReason(tx, rollout.id(), reason, wakeAt);
        }
    }

    private static void halt(SqlClient tx, UUID id, String reason, Instant now) {
        RolloutStore.setState(tx, id, RolloutState.HALTED, reason, now);
        ActionStore.record(tx, id, new ActionStore.Action(now, ActionStore.ENGINE, "halt", null, reason));
        LOGGER.warnf("rollout halted rollout=%s reason=%s", id, reason);
    }

    /** Every wave is done: completed, or halted for an operator to look at the tenants that did not make it. */
    private static void finish(SqlClient tx, UUID id, Map<Integer, RunCounts> counts, Instant now) {
        RolloutDecisions.Ending ending = RolloutDecisions.afterLastWave(counts.values());
        if (ending.state() == RolloutState.HALTED) {
            halt(tx, id, ending.reason(), now);
            return;
        }
        RolloutStore.setState(tx, id, ending.state(), ending.reason(), now);
        LOGGER.infof("rollout finished rollout=%s state=%s", id, ending.state());
    }
}
