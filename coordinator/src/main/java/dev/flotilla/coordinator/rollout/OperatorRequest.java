package dev.flotilla.coordinator.rollout;

import dev.flotilla.model.catalog.Version;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An operator's action on a rollout, with the facts the core decides it on, loaded by the adapter.
 * Who and why go to the audit trail.
 */
public sealed interface OperatorRequest {

    String actor();

    /** Why, as the operator gave it; nullable. */
    String reason();

    RolloutAction action();

    /** The tenant the action is about; null for the whole rollout. */
    default String tenant() {
        return null;
    }

    /**
     * A tenant's run in the rollout, as an action on it sees it.
     *
     * @param steps the steps it was last given, in the order they run
     */
    record TenantRun(UUID id, RunState state, List<Version> steps) {
        public TenantRun {
            steps = List.copyOf(steps);
        }
    }

    record Pause(String actor, String reason) implements OperatorRequest {
        public RolloutAction action() {
            return RolloutAction.PAUSE;
        }
    }

    /**
     * An action that lets the rollout take more forward steps: a resume dispatches again, an approval
     * opens the next wave's gate, a retry gives a tenant its steps again. Refused while a rollback of
     * the rollout is open ({@link OperatorDecisions}), since those steps would go to tenants being
     * reverted; pause, cancel and skip send no step and stay allowed.
     */
    sealed interface Onward extends OperatorRequest {

        /** The rollback of the rollout that has not ended yet (running, paused or halted), if any. */
        Optional<UUID> openRollback();
    }

    /** @param openRollback see {@link Onward#openRollback()} */
    record Resume(String actor, String reason, Optional<UUID> openRollback) implements Onward {
        public RolloutAction action() {
            return RolloutAction.RESUME;
        }
    }

    record Cancel(String actor, String reason) implements OperatorRequest {
        public RolloutAction action() {
            return RolloutAction.CANCEL;
        }
    }

    /**
     * @param wave the wave the operator means to approve, if named
     * @param environment where the coordinator runs: a protected one needs {@code confirm} to name it
     * @param confirm the environment's name as the operator confirmed it; nullable
     * @param openRollback see {@link Onward#openRollback()}
     */
    record Approve(
            String actor,
            String reason,
            Optional<String> wave,
            Environment environment,
            String confirm,
            Optional<UUID> openRollback)
            implements Onward {
        public RolloutAction action() {
            return RolloutAction.APPROVE;
        }
    }

    /**
     * @param run the tenant's run, empty when the tenant is not part of the rollout
     * @param needsRepair why the tenant needs a repair first; null when it does not
     * @param planVersions the versions of the rollout's plan, in order
     * @param applied the versions the tenant has applied now
     * @param newRunId the id the run starts over under
     * @param openRollback see {@link Onward#openRollback()}
     */
    record Retry(
            String actor,
            String reason,
            String tenant,
            Optional<TenantRun> run,
            String needsRepair,
            List<Version> planVersions,
            Set<Version> applied,
            UUID newRunId,
            Optional<UUID> openRollback)
            implements Onward {
        public RolloutAction action() {
            return RolloutAction.RETRY;
        }
    }

    /** @param run the tenant's run, empty when the tenant is not part of the rollout */
    record Skip(String actor, String reason, String tenant, Optional<TenantRun> run) implements OperatorRequest {
        public Skip {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a skip needs a reason");
            }
        }

        public RolloutAction action() {
            return RolloutAction.SKIP;
        }
    }
}
