package dev.flotilla.model.wire;

/** How a repair ended. */
public enum RepairOutcome {
    /** Done: the tenant's history has the repair's rows. */
    SUCCEEDED,
    /** The agent's checks refused it; nothing was changed. */
    REFUSED,
    /** It failed while changing the tenant (a re-run step failed, say); the history says where it stands. */
    FAILED
}
