package dev.flotilla.coordinator.matrix;

/**
 * What a tenant's history table can say about one migration. A history knows nothing of running or
 * failed steps (a rolled-back step leaves no row), so only these four observations exist.
 */
public enum HistorySays {
    /** No row: not applied. */
    ABSENT,
    /** Applied with the catalog's checksum. */
    APPLIED,
    /** A non-transactional step started and never finished. */
    DIRTY,
    /** Applied with a checksum other than the catalog's. */
    MISMATCH
}
