package dev.flotilla.model.wire;

import java.util.List;
import java.util.Map;

/**
 * What a tenant's history table says is applied: the source of truth the coordinator reconciles its
 * matrix with.
 *
 * @param labels the tenant's labels from the agent's configuration, never null
 */
public record Inventory(String agent, String site, Map<String, String> labels, List<AppliedMigration> applied)
        implements Event {

    public Inventory {
        labels = Map.copyOf(labels);
        applied = List.copyOf(applied);
    }
}
