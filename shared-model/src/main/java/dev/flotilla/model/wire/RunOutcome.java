package dev.flotilla.model.wire;

/** How a run ended. */
public enum RunOutcome {
    SUCCEEDED,
    FAILED,
    CANCELLED
}
