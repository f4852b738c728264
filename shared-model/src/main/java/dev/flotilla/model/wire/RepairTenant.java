package dev.flotilla.model.wire;

import dev.flotilla.model.catalog.Version;
import java.util.UUID;

/**
 * Repair one version of one tenant, or baseline the tenant up to a version. The agent checks the
 * tenant first and records the repair in the tenant's history; the coordinator never writes a history
 * itself.
 *
 * @param planId the {@link PlanPublished} holding the version's scripts and checksum (for a baseline,
 *     every migration up to the version)
 * @param actor who asked for it, recorded in the history row
 * @param reason why, recorded in the history row
 */
public record RepairTenant(
        UUID repairId, String planId, Version version, RepairAction action, String actor, String reason)
        implements Command {}
