package dev.flotilla.bench.coordinator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A large fleet made directly in the coordinator's database, as if agents had reported it: tenants
 * spread over four sites, each at its own version (a pseudo-random level), a few with a failed or dirty
 * cell. Only the catalog comes from files, because the coordinator loads it at start-up.
 */
final class SyntheticFleet {

    static final int SITES = 4;

    private SyntheticFleet() {}

    /** Writes {@code count} trivial migrations {@code 0001…} to {@code dir}. */
    static void writeCatalog(Path dir, int count) throws IOException {
        for (int i = 1; i <= count; i++) {
            String version = "%04d".formatted(i);
            Files.writeString(
                    dir.resolve(version + "_step_" + version + ".up.sql"),
                    "create table step_" + version + " (id bigint primary key);\n");
        }
    }

    static String site(int index) {
        return "site-" + (index % SITES + 1);
    }

    /** Inserts tenants and one cell per (tenant, migration); the catalog must be loaded already. */
    static void load(Connection coordinator, int tenants) throws SQLException {
        try (Statement s = coordinator.createStatement()) {
            s.execute("insert into tenants (tenant_id, site, agent_id, labels, last_inventory_at)"
                    + " select 'tenant_' || lpad(i::text, 6, '0'), 'site-' || (i % " + SITES + " + 1),"
                    + " 'agent-site-' || (i % " + SITES + " + 1), '{}', now()"
                    + " from generate_series(1, " + tenants + ") i");
            int migrations = count(s, "select count(*) from migrations");
            s.execute("insert into cells (tenant_id, version, state, checksum, updated_at)"
                    + " select t.tenant_id, m.version,"
                    + " case when m.position <= lvl.level then 2"
                    + "      when m.position = lvl.level + 1 and lvl.h % 500 = 0 then 3"
                    + "      when m.position = lvl.level + 1 and lvl.h % 997 = 0 then 4"
                    + "      else 0 end,"
                    + " case when m.position <= lvl.level then m.checksum end, now()"
                    + " from tenants t"
                    + " cross join lateral (select abs(hashtext(t.tenant_id)) as h,"
                    + "   abs(hashtext(t.tenant_id)) % " + (migrations + 1) + " as level) lvl"
                    + " cross join migrations m");
            s.execute("analyze tenants");
            s.execute("analyze cells");
        }
    }

    static int count(Statement s, String sql) throws SQLException {
        try (var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
