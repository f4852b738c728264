package dev.flotilla.agent.apply;

import dev.flotilla.model.wire.FailureCode;

/** What executing one step did. */
sealed interface StepOutcome {

    /** The script ran and its history row is committed. */
    record Applied(long durationMs) implements StepOutcome {}

    /** The script failed; {@code dirty} when the tenant may be half-changed. */
    record Failed(FailureCode code, String sqlState, String message, boolean dirty) implements StepOutcome {

        /** Stopped by a cancel: not started, stopped between batches, or its statement cancelled (57014). */
        boolean byCancel() {
            return code == FailureCode.CANCELLED || RunCancels.QUERY_CANCELED.equals(sqlState);
        }
    }
}
