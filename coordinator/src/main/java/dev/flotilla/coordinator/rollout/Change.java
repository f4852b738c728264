package dev.flotilla.coordinator.rollout;

import dev.flotilla.model.catalog.Version;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One change the core decided for a rollout, for the adapter to write, with the commands it implies,
 * in one transaction. Every change of a state is already checked against its lifecycle; the writer
 * adds nothing and decides nothing. All of them happen at the decision's {@code now}.
 */
public sealed interface Change {

    /** The rollout moves to a state, saying why (nullable); a wait's wake-up time is cleared. */
    record RolloutMoved(RolloutState to, String reason) implements Change {}

    /** The running rollout waits (or no longer does: null reason); {@code wakeAt} when the clock alone ends it. */
    record Waiting(String reason, Instant wakeAt) implements Change {}

    /** The rollout stands at another wave. */
    record CurrentWave(int position) implements Change {}

    /** @param name the wave's name, for the log */
    record WaveStarted(int position, String name) implements Change {}

    /** The wave's runs all finished ({@code doneAt} now), or a retried one reopened it ({@code doneAt} null). */
    record WaveDone(int position, Instant doneAt) implements Change {}

    record WaveApproved(int position, String actor) implements Change {}

    /** The rollout began to wait for an operator to approve the wave: people are told (a notification). */
    record ApprovalAwaited(String wave) implements Change {}

    /** These pending runs get their commands sent and hold a slot from now on. */
    record RunsDispatched(List<UUID> runs) implements Change {
        public RunsDispatched {
            runs = List.copyOf(runs);
        }
    }

    /** A run moves to a state; {@code message} (nullable) says why. */
    record RunMoved(UUID run, RunState to, String message) implements Change {}

    /** Every pending run of the rollout moves to {@code to}. */
    record PendingRunsMoved(RunState to, String message) implements Change {}

    /** Every run of the rollout in flight is told to stop before its next transaction. */
    record InFlightRunsCancelled(String message) implements Change {}

    /**
     * A finished run starts over under a new id (late events of the old attempt are not taken for the
     * new one) with a freshly computed path.
     */
    record RunReopened(UUID run, UUID newId, List<Version> steps, RunState to) implements Change {
        public RunReopened {
            steps = List.copyOf(steps);
        }
    }

    /** A quiet run's command is sent again; {@code message} says why. */
    record RunResent(UUID run, String message) implements Change {}

    /**
     * The wave at {@code position} breached its failure budget and the plan said {@code onBreach:
     * rollback-wave}: its tenants that applied steps are rolled back, as a rollback of the wave, asked
     * for once. Decided with the halt, after it.
     *
     * @param reason the breach, as the halt gave it
     * @param allowIrreversible the plan's allowIrreversible: tenants revert down to just above an
     *     irreversible step; without it such a step keeps the rollback from starting
     */
    record RollBackWave(int position, String wave, String reason, boolean allowIrreversible) implements Change {}

    /** An entry of the rollout's audit trail. */
    record Audited(ActionRecord action) implements Change {}
}
