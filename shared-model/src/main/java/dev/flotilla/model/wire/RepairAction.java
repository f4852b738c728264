package dev.flotilla.model.wire;

/**
 * How an operator resolves one version of one tenant that the agents refuse to migrate (dirty, or
 * applied with another checksum), or adopts a tenant whose schema another tool created.
 */
public enum RepairAction {
    /** Clean up what a dirty step left (an invalid index is dropped) and run the step again. */
    RETRY,
    /** Record the step as applied: the operator checked that it took effect. */
    MARK_APPLIED,
    /** Record the step as not applied: the operator checked that it left nothing behind. */
    MARK_REVERTED,
    /** Record the catalog's checksum for an applied step whose script was edited afterwards. */
    ACCEPT_CHECKSUM,
    /** Record every migration up to the version as applied without running it. */
    BASELINE
}
