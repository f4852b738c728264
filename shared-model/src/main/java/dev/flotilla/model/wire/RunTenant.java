package dev.flotilla.model.wire;

import dev.flotilla.model.catalog.Version;
import java.util.List;
import java.util.UUID;

/**
 * Apply steps of a published plan to one tenant, in the given order.
 *
 * @param planId the {@link PlanPublished} whose scripts to run
 * @param steps versions to apply, in order; on the wire as their text
 * @param actor who started the rollout the run belongs to, recorded in the tenant's history; optional
 *     (null from coordinators that did not send it)
 */
public record RunTenant(UUID runId, String planId, Direction direction, List<Version> steps, String actor)
        implements Command {

    public RunTenant {
        steps = List.copyOf(steps);
    }

    public RunTenant(UUID runId, String planId, Direction direction, List<Version> steps) {
        this(runId, planId, direction, steps, null);
    }
}
