package dev.flotilla.agent.tenants;

import dev.flotilla.model.wire.Topics;
import java.util.Objects;

/**
 * Where one tenant lives.
 *
 * @param schema the tenant's schema for schema-per-tenant fleets; null when the tenant is a whole
 *     database (its history table is then in {@code public})
 */
public record TenantTarget(String id, String database, String schema) {

    public TenantTarget {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(database, "database");
        if (!Topics.ID.matcher(id).matches()) {
            throw new IllegalArgumentException("tenant id '" + id + "' does not match " + Topics.ID.pattern());
        }
    }

    /** The schema holding the history table. */
    public String historySchema() {
        return schema == null ? "public" : schema;
    }
}
