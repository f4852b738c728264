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
 * @param expected what the coordinator's matrix said of the version when the repair was asked for;
 *     the agent refuses the repair when the history says otherwise (it changed since). Optional: null
 *     for a baseline, when the matrix cannot tell, and from coordinators that did not send it
 */
public record RepairTenant(
        UUID repairId,
        String planId,
        Version version,
        RepairAction action,
        String actor,
        String reason,
        HistoryState expected)
        implements Command {

    public RepairTenant(
            UUID repairId, String planId, Version version, RepairAction action, String actor, String reason) {
        this(repairId, planId, version, action, actor, reason, null);
    }
}
