package dev.flotilla.model.wire;

/** What a tenant's history says of one version, as a repair expects to find it. */
public enum HistoryState {
    /** The latest row is a finished up step. */
    APPLIED,
    /** No row, or the latest is a finished down step. */
    NOT_APPLIED,
    /** The latest row is a step that started and did not finish. */
    DIRTY
}
