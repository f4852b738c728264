package dev.flotilla.model.wire;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/**
 * Why a step failed. Persisted and sent by name; an unknown name reads as {@link #UNKNOWN} so an older
 * reader survives a newer writer.
 */
public enum FailureCode {
    /** PostgreSQL refused the script; see the SQLSTATE. */
    SQL_ERROR,
    /** The history has this version with a different checksum. */
    CHECKSUM_MISMATCH,
    /** The history has this version marked dirty: a non-transactional step died half-way. */
    DIRTY,
    /** The agent does not have the plan's scripts. */
    PLAN_UNAVAILABLE,
    /** The tenant is not served by this agent or cannot be reached. */
    TENANT_UNAVAILABLE,
    /** The run was cancelled before this step. */
    CANCELLED,
    @JsonEnumDefaultValue
    UNKNOWN;

    public static FailureCode fromName(String name) {
        for (FailureCode code : values()) {
            if (code.name().equals(name)) {
                return code;
            }
        }
        return UNKNOWN;
    }
}
