package dev.flotilla.coordinator.rollout;

import java.util.Optional;
import java.util.UUID;

/**
 * Something people are told about, by the webhooks that ask for its kind: a rollout halted, waits
 * for an approval, completed or rolled back, or a tenant failed. Decided here from the core's changes
 * (and, for a tenant, from its run's reported end); the adapters only write and send it.
 *
 * @param wave the wave it is about; null when none
 * @param tenant the tenant it is about; null when none
 * @param run the run it is about; null when none
 * @param message why, as the engine or the agent said it; null when there is nothing to add
 */
public record Notice(Kind kind, UUID rollout, String wave, String tenant, UUID run, String message) {

    /** What happened; {@link #label()} is how webhooks' {@code events} and bodies name it. */
    public enum Kind {
        ROLLOUT_HALTED("rollout-halted"),
        TENANT_FAILED("tenant-failed"),
        APPROVAL_WAITING("approval-waiting"),
        ROLLOUT_COMPLETED("rollout-completed"),
        ROLLOUT_ROLLED_BACK("rollout-rolled-back");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The kind a label names, if any. */
        public static Optional<Kind> of(String label) {
            for (Kind kind : values()) {
                if (kind.label.equals(label)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * The notice a change of a rollout gives, if any: a halt, the start of a wait for an approval, and
     * the end of a rollout ({@code rollback}: one that undoes another).
     */
    public static Optional<Notice> of(UUID rollout, boolean rollback, Change change) {
        return switch (change) {
            case Change.RolloutMoved moved
            when moved.to() == RolloutState.HALTED ->
                Optional.of(new Notice(Kind.ROLLOUT_HALTED, rollout, null, null, null, moved.reason()));
            case Change.RolloutMoved moved
            when moved.to() == RolloutState.COMPLETED ->
                Optional.of(new Notice(
                        rollback ? Kind.ROLLOUT_ROLLED_BACK : Kind.ROLLOUT_COMPLETED, rollout, null, null, null, null));
            case Change.ApprovalAwaited awaited ->
                Optional.of(new Notice(Kind.APPROVAL_WAITING, rollout, awaited.wave(), null, null, null));
            default -> Optional.empty();
        };
    }

    /** A tenant's run of the rollout failed, as its agent reported. */
    public static Notice tenantFailed(UUID rollout, String tenant, UUID run, String message) {
        return new Notice(Kind.TENANT_FAILED, rollout, null, tenant, run, message);
    }

    /**
     * What makes two notices the same, so that each is sent once: a wave's approval is asked for
     * once, a run fails once. Null for the others, which the engine decides once each.
     */
    public String onceKey() {
        return switch (kind) {
            case APPROVAL_WAITING -> kind.label + "/" + rollout + "/" + wave;
            case TENANT_FAILED -> kind.label + "/" + run;
            default -> null;
        };
    }
}
