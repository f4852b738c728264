package dev.flotilla.model.wire;

import dev.flotilla.model.catalog.Version;

/**
 * The scripts of one migration as shipped inside a plan.
 *
 * @param downSql null when the migration has no down script
 * @param downChecksum null when the migration has no down script
 * @param lockTimeoutMs null when not set
 * @param statementTimeoutMs null when not set
 */
public record PlanStep(
        Version version,
        String name,
        String upSql,
        String upChecksum,
        boolean upTransactional,
        String downSql,
        String downChecksum,
        boolean downTransactional,
        Long lockTimeoutMs,
        Long statementTimeoutMs) {}
