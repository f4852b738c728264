package dev.flotilla.bench.contenders;

import dev.flotilla.model.catalog.Migration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The physical limit: plain JDBC on connections opened before the clock starts, one per thread.
 * Each tenant's consecutive transactional migrations and their history rows go in one transaction;
 * a {@code no-transaction} migration runs on its own with autocommit, as PostgreSQL requires.
 */
public final class RawJdbc implements Contender {

    private static final String HISTORY = "raw_history";

    private final BenchSetup setup;
    private TenantDatabase database;
    private final List<Connection> connections = new ArrayList<>();
    private BlockingQueue<Connection> idle;

    public RawJdbc(BenchSetup setup) {
        this.setup = setup;
    }

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public void prepare() throws Exception {
        database = TenantDatabase.create(setup.pg(), "flotilla_bench_raw", setup.tenants());
        idle = new ArrayBlockingQueue<>(setup.parallel());
        for (int i = 0; i < setup.parallel(); i++) {
            Connection connection = database.connect();
            connections.add(connection);
            idle.add(connection);
        }
    }

    @Override
    public Duration migrate() throws Exception {
        return Parallel.forEach(
                database.tenants(), setup.parallel(), tenant -> withConnection(c -> migrate(c, tenant)));
    }

    private void migrate(Connection c, String tenant) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("set search_path to \"" + tenant + "\"");
            c.setAutoCommit(false);
            s.execute("create table " + HISTORY + " (version text primary key, name text not null,"
                    + " checksum text not null, applied_at timestamptz not null default now())");
            for (Migration migration : setup.catalog().migrations()) {
                boolean transactional = migration.up().directives().transactional();
                if (!transactional) {
                    c.commit();
                    c.setAutoCommit(true);
                }
                s.execute(migration.up().sql());
                record(c, migration);
                if (!transactional) {
                    c.setAutoCommit(false);
                }
            }
            c.commit();
        } catch (Exception e) {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static void record(Connection c, Migration migration) throws Exception {
        try (PreparedStatement insert =
                c.prepareStatement("insert into " + HISTORY + " (version, name, checksum) values (?, ?, ?)")) {
            insert.setString(1, migration.version().text());
            insert.setString(2, migration.name());
            insert.setString(3, migration.checksum());
            insert.executeUpdate();
        }
    }

    /** Reads each tenant's history and compares it with the catalog, like a validate would. */
    @Override
    public Duration recheck() throws Exception {
        Map<String, String> expected = new HashMap<>();
        setup.catalog().migrations().forEach(m -> expected.put(m.version().text(), m.checksum()));
        return Parallel.forEach(
                database.tenants(),
                setup.parallel(),
                tenant -> withConnection(c -> {
                    Map<String, String> found = new HashMap<>();
                    try (Statement s = c.createStatement();
                            ResultSet rs =
                                    s.executeQuery("select version, checksum from \"" + tenant + "\"." + HISTORY)) {
                        while (rs.next()) {
                            found.put(rs.getString(1), rs.getString(2));
                        }
                    }
                    if (!found.equals(expected)) {
                        throw new IllegalStateException(tenant + " differs from the catalog: " + found.keySet());
                    }
                }));
    }

    @Override
    public void verify() throws Exception {
        database.expectEach(
                "select count(*) from %s." + HISTORY,
                setup.catalog().migrations().size(),
                "history rows");
    }

    @Override
    public void cleanup() {
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (Exception ignored) {
                // the database is dropped next
            }
        }
        connections.clear();
        if (database != null) {
            database.close();
            database = null;
        }
    }

    @FunctionalInterface
    private interface ConnectionWork {
        void run(Connection connection) throws Exception;
    }

    private void withConnection(ConnectionWork work) throws Exception {
        Connection connection = idle.take();
        try {
            work.run(connection);
        } finally {
            idle.add(connection);
        }
    }
}
