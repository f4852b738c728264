package dev.flotilla.coordinator.matrix;

/**
 * The state of one (tenant, migration) cell. Persisted by {@link #code()}, which never changes
 * meaning; a code this build does not know reads as {@link #UNKNOWN}.
 */
public enum CellState {
    /** Not applied. */
    PENDING(0),
    /** A step for it is executing. */
    RUNNING(1),
    APPLIED(2),
    /** The last attempt failed and PostgreSQL rolled it back. */
    FAILED(3),
    /** A non-transactional step died half-way; the tenant needs a repair. */
    DIRTY(4),
    /** Applied with a script other than the catalog's. */
    CHECKSUM_MISMATCH(5),
    /**
     * Still applied: its down step failed and PostgreSQL rolled the down step back. The error is kept;
     * the revert can be retried after a fix.
     */
    REVERT_FAILED(6),
    UNKNOWN(-1);

    private final int code;

    CellState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Whether the tenant has the migration applied (also when a revert of it failed). */
    public boolean applied() {
        return this == APPLIED || this == REVERT_FAILED;
    }

    /** The codes of the applied states, for {@code state = any($n)}. */
    public static Integer[] appliedCodes() {
        return new Integer[] {APPLIED.code, REVERT_FAILED.code};
    }

    public static CellState fromCode(int code) {
        for (CellState state : values()) {
            if (state.code == code) {
                return state;
            }
        }
        return UNKNOWN;
    }
}
