package dev.flotilla.bench.contenders;

import dev.flotilla.testkit.Fleet;
import dev.flotilla.testkit.PgServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A database made for one round of one contender, holding empty schemas {@code tenant_0001…}. */
final class TenantDatabase implements AutoCloseable {

    private final PgServer pg;
    private final String name;
    private final List<String> tenants;
    private final boolean owned;

    private TenantDatabase(PgServer pg, String name, List<String> tenants, boolean owned) {
        this.pg = pg;
        this.name = name;
        this.tenants = tenants;
        this.owned = owned;
    }

    /** A database someone else made (and drops) with schemas {@code tenant_0001…tenant_<count>}. */
    static TenantDatabase existing(PgServer pg, String name, int count) {
        List<String> tenants = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            tenants.add(Fleet.tenantId(i));
        }
        return new TenantDatabase(pg, name, tenants, false);
    }

    static TenantDatabase create(PgServer pg, String prefix, int count) {
        String name = pg.createDatabase(prefix);
        try {
            return new TenantDatabase(pg, name, Fleet.createSchemas(pg, name, count), true);
        } catch (RuntimeException e) {
            pg.dropDatabase(name);
            throw e;
        }
    }

    String name() {
        return name;
    }

    List<String> tenants() {
        return tenants;
    }

    String jdbcUrl() {
        return pg.jdbcUrl(name);
    }

    Connection connect() throws SQLException {
        return pg.connect(name);
    }

    /**
     * Fails unless {@code perTenant} (SQL with one {@code %s} for the quoted schema, returning one
     * count) gives {@code expected} for every tenant.
     */
    void expectEach(String perTenant, long expected, String what) throws SQLException {
        try (Connection c = connect()) {
            for (String tenant : tenants) {
                try (PreparedStatement s = c.prepareStatement(perTenant.formatted("\"" + tenant + "\""));
                        ResultSet rs = s.executeQuery()) {
                    rs.next();
                    long found = rs.getLong(1);
                    if (found != expected) {
                        throw new IllegalStateException(
                                tenant + " in " + name + " has " + found + " " + what + ", expected " + expected);
                    }
                }
            }
        }
    }

    /** Drops the database if this bench made it. */
    @Override
    public void close() {
        if (owned) {
            pg.dropDatabase(name);
        }
    }
}
