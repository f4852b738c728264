package dev.flotilla.coordinator.rollout;

import dev.flotilla.model.wire.Direction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rollout engine's step, a pure function of a snapshot and the time: fill free slots of the
 * current wave within the concurrency limits, halt when the wave's failure budget is breached, wait
 * at a gate (soak, approval), start the next wave when the gate opens, and end the rollout after its
 * last wave. A breach also asks for the wave's rollback when the plan said {@code onBreach:
 * rollback-wave}, once per wave. A paused or halted rollout dispatches nothing but still notes when
 * its current wave's last runs finish, so its soak counts from then, not from the resume.
 */
public final class RolloutEngine {

    private RolloutEngine() {}

    /** The changes that move the rollout as far as its gates allow now; empty when nothing changes. */
    public static List<Change> decide(RolloutSnapshot snapshot, Instant now) {
        Rollout rollout = snapshot.rollout();
        List<Change> changes = new ArrayList<>();
        if (rollout.state().resumable()) {
            Wave wave = snapshot.currentWave();
            if (wave.startedAt() != null) {
                noteDone(wave, snapshot.countsOf(wave.position()), rollout.currentWave(), now, changes);
            }
            return changes;
        }
        if (!rollout.state().dispatches()) {
            return changes;
        }
        List<Wave> waves = snapshot.waves();
        int current = rollout.currentWave();
        while (true) {
            Wave wave = waves.get(current);
            if (wave.stateAt(current, now) == WaveState.WAITING) {
                wave = start(wave, current, now, changes);
            }
            boolean awaitingApproval = wave.awaitingApproval();
            RunCounts runs = snapshot.countsOf(current);
            Instant doneAt = awaitingApproval ? wave.doneAt() : noteDone(wave, runs, current, now, changes);
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
                    halt(rollout, halt.reason(), now, changes);
                    if (rollout.onBreach().rollsBack()
                            && rollout.direction() == Direction.UP
                            && wave.rollbackAskedAt() == null) {
                        changes.add(new Change.RollBackWave(
                                wave.position(), wave.name(), halt.reason(), rollout.allowIrreversible()));
                    }
                    return changes;
                }
                case WaveGate.Dispatch dispatch -> {
                    dispatch(snapshot, current, changes);
                    waiting(rollout, null, null, changes);
                    return changes;
                }
                case WaveGate.Wait wait -> {
                    // Tenants of earlier waves retried by an operator run while the gate waits; a wave
                    // that waits for its approval to start gets none of its own.
                    dispatch(snapshot, awaitingApproval ? current - 1 : current, changes);
                    if (wait.approvalOf() != null && !Objects.equals(rollout.reason(), wait.reason())) {
                        changes.add(new Change.ApprovalAwaited(wait.approvalOf()));
                    }
                    waiting(rollout, wait.reason(), wait.until(), changes);
                    return changes;
                }
                case WaveGate.Advance advance -> {
                    // The next wave starts at the top of the loop: the gate let it, so it needs no approval.
                    current++;
                    changes.add(new Change.CurrentWave(current));
                }
                case WaveGate.Finish finish -> {
                    int unfinished = RunCounts.sum(snapshot.counts().values()).unfinished();
                    if (unfinished > 0) {
                        dispatch(snapshot, current, changes);
                        waiting(
                                rollout,
                                unfinished + " tenants retried in earlier waves have yet to finish",
                                null,
                                changes);
                        return changes;
                    }
                    finish(rollout, snapshot.counts().values(), now, changes);
                    return changes;
                }
            }
        }
    }

    private static Wave start(Wave wave, int current, Instant now, List<Change> changes) {
        wave.stateAt(current, now).moveTo(WaveState.RUNNING);
        changes.add(new Change.WaveStarted(wave.position(), wave.name()));
        return wave.started(now);
    }

    /**
     * When the wave was first seen done: now if it just finished; null again if a retry reopened it.
     */
    private static Instant noteDone(Wave wave, RunCounts runs, int current, Instant now, List<Change> changes) {
        boolean done = runs.unfinished() == 0;
        if (done && wave.doneAt() == null) {
            WaveState to = wave.doneAt(now).stateAt(current, now);
            wave.stateAt(current, now).moveTo(to);
            changes.add(new Change.WaveDone(wave.position(), now));
            return now;
        }
        if (!done && wave.doneAt() != null) {
            wave.stateAt(current, now).moveTo(WaveState.RUNNING);
            changes.add(new Change.WaveDone(wave.position(), null));
            return null;
        }
        return wave.doneAt();
    }

    private static WaveGate.Next nextOf(Wave wave) {
        return new WaveGate.Next(wave.name(), wave.spec().approval(), wave.approvedBy() != null);
    }

    /** Dispatches pending runs of waves up to {@code lastWave} (none when it is below 0) within the limits. */
    private static void dispatch(RolloutSnapshot snapshot, int lastWave, List<Change> changes) {
        List<RolloutSnapshot.Queued> candidates = snapshot.pending().stream()
                .filter(run -> run.wave() <= lastWave)
                .toList();
        List<RolloutSnapshot.Queued> picked = snapshot.rollout().concurrency().pick(candidates, snapshot.inFlight());
        if (!picked.isEmpty()) {
            RunState.PENDING.moveTo(RunState.DISPATCHED);
            changes.add(new Change.RunsDispatched(
                    picked.stream().map(RolloutSnapshot.Queued::run).toList()));
        }
    }

    /** Records why the rollout waits (null: it does not) when that changed. */
    private static void waiting(Rollout rollout, String reason, Instant wakeAt, List<Change> changes) {
        if (!Objects.equals(rollout.reason(), reason) || !Objects.equals(rollout.wakeAt(), wakeAt)) {
            changes.add(new Change.Waiting(reason, wakeAt));
        }
    }

    private static void halt(Rollout rollout, String reason, Instant now, List<Change> changes) {
        changes.add(new Change.RolloutMoved(rollout.state().moveTo(RolloutState.HALTED), reason));
        changes.add(new Change.Audited(new ActionRecord(now, ActionRecord.ENGINE, "halt", null, reason)));
    }

    /** Every wave is done: completed, or halted for an operator to look at the tenants that did not make it. */
    private static void finish(Rollout rollout, Collection<RunCounts> waves, Instant now, List<Change> changes) {
        Ending ending = afterLastWave(waves);
        if (ending.state() == RolloutState.HALTED) {
            halt(rollout, ending.reason(), now, changes);
            return;
        }
        changes.add(new Change.RolloutMoved(rollout.state().moveTo(ending.state()), ending.reason()));
    }

    /** How a rollout ends once its last wave is done, and why, for an operator to read. */
    public record Ending(RolloutState state, String reason) {}

    /**
     * Completed when every run succeeded or was skipped; otherwise halted, so an operator looks at the
     * failed, cancelled and blocked tenants, then retries or skips them and resumes.
     */
    public static Ending afterLastWave(Collection<RunCounts> waves) {
        int failed = 0;
        int blocked = 0;
        for (RunCounts runs : waves) {
            failed += runs.get(RunState.FAILED) + runs.get(RunState.CANCELLED);
            blocked += runs.get(RunState.BLOCKED);
        }
        if (failed + blocked == 0) {
            return new Ending(RolloutState.COMPLETED, null);
        }
        return new Ending(
                RolloutState.HALTED,
                "every wave ran; " + failed + " tenants failed or were cancelled and " + blocked
                        + " are blocked: retry or skip them, then resume");
    }
}
