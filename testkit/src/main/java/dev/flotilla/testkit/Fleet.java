package dev.flotilla.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A fleet of tenant schemas ({@code tenant_0001}, …) in one database, the shape schema-per-tenant
 * SaaS products use.
 */
public final class Fleet {

    private Fleet() {}

    public static String tenantId(int index) {
        return "tenant_%04d".formatted(index);
    }

    /** Creates schemas {@code tenant_0001} … {@code tenant_N} and returns their ids. */
    public static List<String> createSchemas(PgServer server, String database, int count) {
        List<String> tenants = new ArrayList<>();
        try (Connection c = server.connect(database);
                Statement s = c.createStatement()) {
            for (int i = 1; i <= count; i++) {
                String tenant = tenantId(i);
                s.addBatch("create schema if not exists " + Identifiers.quote(tenant));
                tenants.add(tenant);
            }
            s.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create tenant schemas in " + database, e);
        }
        return tenants;
    }
}
