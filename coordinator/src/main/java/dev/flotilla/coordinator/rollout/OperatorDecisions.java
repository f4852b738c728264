package dev.flotilla.coordinator.rollout;

import dev.flotilla.coordinator.plan.Planner;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an operator's action changes, pure: the rollout's lifecycle says whether its state takes the
 * action, the wave's or run's lifecycle whether they do, and the change comes with its audit entry.
 * The adapter writes the changes, then gives the rollout a turn of {@link RolloutEngine}.
 *
 * <p>While a rollback of the rollout is open (an automatic one of a breached wave, or an operator's),
 * the actions that let it take more forward steps ({@link OperatorRequest.Onward}: resume, approve,
 * retry) are refused, so no forward step is sent to a tenant being reverted; once the rollback ended
 * (completed or cancelled) they are taken again. Pause, cancel and skip send no step, and skip lets
 * an operator take the failed tenants out before resuming.
 */
public final class OperatorDecisions {

    private OperatorDecisions() {}

    /**
     * The changes {@code request} makes to the rollout of {@code snapshot}.
     *
     * @throws RolloutActionRefused when a lifecycle does not allow the action, a rollback of the rollout
     *     is open and the action would let it go on, or its tenant is not part of the rollout
     */
    public static List<Change> decide(RolloutSnapshot snapshot, OperatorRequest request, Instant now) {
        Rollout rollout = snapshot.rollout();
        if (!rollout.state().allows(request.action())) {
            throw RolloutActionRefused.conflict("rollout " + rollout.id() + " is " + rollout.state() + " and cannot be "
                    + request.action().past());
        }
        if (request instanceof OperatorRequest.Onward onward
                && onward.openRollback().isPresent()) {
            throw RolloutActionRefused.conflict("rollout " + rollout.id() + " is being rolled back by "
                    + onward.openRollback().get() + " and cannot be "
                    + request.action().past()
                    + " now: wait for the rollback to end, or cancel it");
        }
        List<Change> changes = new ArrayList<>(changesOf(snapshot, request, now));
        changes.add(new Change.Audited(
                new ActionRecord(now, request.actor(), request.action().code(), request.tenant(), request.reason())));
        return changes;
    }

    private static List<Change> changesOf(RolloutSnapshot snapshot, OperatorRequest request, Instant now) {
        RolloutState state = snapshot.rollout().state();
        return switch (request) {
            case OperatorRequest.Pause pause ->
                List.of(new Change.RolloutMoved(
                        state.moveTo(RolloutState.PAUSED), "paused by " + pause.actor() + why(pause.reason())));
            case OperatorRequest.Resume resume ->
                List.of(new Change.RolloutMoved(state.moveTo(RolloutState.RUNNING), null));
            case OperatorRequest.Cancel cancel -> {
                String message = "cancelled by " + cancel.actor() + why(cancel.reason());
                yield List.of(
                        new Change.PendingRunsMoved(RunState.PENDING.moveTo(RunState.CANCELLED), message),
                        new Change.InFlightRunsCancelled(message),
                        new Change.RolloutMoved(state.moveTo(RolloutState.CANCELLED), message));
            }
            case OperatorRequest.Approve approve -> List.of(approve(snapshot, approve, now));
            case OperatorRequest.Retry retry -> List.of(retry(snapshot, retry));
            case OperatorRequest.Skip skip -> {
                OperatorRequest.TenantRun run = runOf(snapshot, skip.tenant(), skip.run());
                if (!run.state().allows(RolloutAction.SKIP)) {
                    throw RolloutActionRefused.conflict("tenant " + skip.tenant() + " is " + run.state()
                            + "; only pending, failed, cancelled or blocked tenants are skipped");
                }
                yield List.of(new Change.RunMoved(
                        run.id(),
                        run.state().moveTo(RunState.SKIPPED),
                        "skipped by " + skip.actor() + why(skip.reason())));
            }
        };
    }

    /**
     * Approves the gate the rollout stands at: the current wave if it waits to start, else the wave
     * after a done current wave. Nothing is approved in advance, so approving twice (a double click, a
     * retried request) never opens a later gate.
     */
    private static Change approve(RolloutSnapshot snapshot, OperatorRequest.Approve approve, Instant now) {
        Wave gate = ApprovalGate.of(snapshot.rollout().currentWave(), snapshot.waves(), now)
                .orElseThrow(() -> {
                    Wave current = snapshot.currentWave();
                    return RolloutActionRefused.conflict(
                            "no wave of rollout " + snapshot.rollout().id()
                                    + " waits for an approval now (wave " + current.name() + " is "
                                    + (current.doneAt() == null ? "running" : "done") + ")");
                });
        if (approve.wave().isPresent() && !approve.wave().get().equals(gate.name())) {
            throw RolloutActionRefused.conflict("the wave waiting for an approval is " + gate.name() + ", not "
                    + approve.wave().get());
        }
        approve.environment().requireConfirmation("approving wave " + gate.name(), approve.confirm());
        int current = snapshot.rollout().currentWave();
        gate.stateAt(current, now).moveTo(WaveState.WAITING);
        return new Change.WaveApproved(gate.position(), approve.actor());
    }

    /**
     * Runs a failed, cancelled or blocked tenant again, from the version it is at now: forward, the
     * plan's steps it lacks; in a rollback, the steps of its revert it still has.
     */
    private static Change retry(RolloutSnapshot snapshot, OperatorRequest.Retry retry) {
        OperatorRequest.TenantRun run = runOf(snapshot, retry.tenant(), retry.run());
        if (!run.state().allows(RolloutAction.RETRY)) {
            throw RolloutActionRefused.conflict("tenant " + retry.tenant() + " is " + run.state()
                    + "; only failed, cancelled or blocked tenants are retried");
        }
        if (retry.needsRepair() != null) {
            throw RolloutActionRefused.conflict(
                    "tenant " + retry.tenant() + " still needs a repair: " + retry.needsRepair());
        }
        List<Version> steps = snapshot.rollout().direction() == Direction.UP
                ? Planner.pathOf(retry.planVersions(), retry.applied())
                : run.steps().stream().filter(retry.applied()::contains).toList();
        RunState to = run.state().moveTo(RunState.initial(steps.size(), null));
        return new Change.RunReopened(run.id(), retry.newRunId(), steps, to);
    }

    private static OperatorRequest.TenantRun runOf(
            RolloutSnapshot snapshot, String tenant, Optional<OperatorRequest.TenantRun> run) {
        return run.orElseThrow(() -> RolloutActionRefused.notFound("tenant " + tenant + " is not part of rollout "
                + snapshot.rollout().id()));
    }

    private static String why(String reason) {
        return reason == null || reason.isBlank() ? "" : ": " + reason;
    }
}
