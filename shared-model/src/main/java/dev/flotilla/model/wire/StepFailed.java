package dev.flotilla.model.wire;

import dev.flotilla.model.catalog.Version;
import java.util.UUID;

/**
 * A step did not apply.
 *
 * @param sqlState PostgreSQL's SQLSTATE, null when the failure did not come from PostgreSQL
 * @param dirty true when the tenant may be half-changed (a non-transactional step failed) and needs
 *     a repair before anything else runs on it
 */
public record StepFailed(
        UUID runId,
        Version version,
        Direction direction,
        FailureCode code,
        String sqlState,
        String message,
        boolean dirty)
        implements Event {}
