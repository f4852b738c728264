package dev.flotilla.coordinator.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

/**
 * Versions the coordinator's own schema with Flyway ({@code db/migration/V*.sql}, all pending scripts
 * in one transaction, as the hand-written migrator did). A database created before Flyway, by the hand-written migrator that recorded
 * its versions in {@value #LEGACY_TABLE}, is adopted in place: Flyway is baselined at that table's
 * highest version, so only later scripts run, and V5 drops the old table (docs/adr/007).
 *
 * <p>The adoption check and the migration run under the session advisory lock the old migrator took,
 * so coordinators starting together, old or new, never decide on a half-migrated database. Flyway
 * also locks on PostgreSQL (an advisory lock around each migration, with the pending list read again
 * under it), so two of its own runs never apply a script twice.
 */
@ApplicationScoped
public class CoordinatorSchema {

    /** Where the hand-written migrator recorded the versions it applied; dropped by V5. */
    public static final String LEGACY_TABLE = "coordinator_schema";

    private static final Logger LOGGER = Logger.getLogger(CoordinatorSchema.class);
    /** The hand-written migrator's lock key, so an older coordinator starting at the same time waits too. */
    private static final long LOCK_KEY = 0x466c6f74696c6c61L;

    private final Flyway flyway;

    public CoordinatorSchema(Flyway flyway) {
        this.flyway = flyway;
    }

    /** Brings the schema to the newest script; blocks while another coordinator migrates. */
    public void migrate() {
        Configuration configuration = flyway.getConfiguration();
        try (Connection connection = configuration.getDataSource().getConnection()) {
            connection.setAutoCommit(true);
            execute(connection, "select pg_advisory_lock(" + LOCK_KEY + ")");
            try {
                MigrateResult result = flywayFor(connection, configuration).migrate();
                LOGGER.infof(
                        "coordinator schema migrated from=%s to=%s scripts=%d",
                        result.initialSchemaVersion, result.targetSchemaVersion, result.migrationsExecuted);
            } finally {
                execute(connection, "select pg_advisory_unlock(" + LOCK_KEY + ")");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot migrate the coordinator's schema: " + e.getMessage(), e);
        }
    }

    /**
     * The configured Flyway with all pending scripts in one transaction (as before Flyway: a failed
     * upgrade leaves the schema as it was), baselined at the legacy version for a database Flyway never
     * saw.
     */
    private Flyway flywayFor(Connection connection, Configuration configuration) throws SQLException {
        FluentConfiguration fluent = Flyway.configure(configuration.getClassLoader())
                .configuration(configuration)
                .group(true);
        if (!exists(connection, configuration.getTable()) && exists(connection, LEGACY_TABLE)) {
            int version = legacyVersion(connection);
            LOGGER.infof("coordinator schema adopted table=%s version=%d", LEGACY_TABLE, version);
            fluent.baselineOnMigrate(true)
                    .baselineVersion(Integer.toString(version))
                    .baselineDescription("adopted from " + LEGACY_TABLE);
        }
        return fluent.load();
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("select to_regclass(?) is not null")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static int legacyVersion(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("select coalesce(max(version), 0) from " + LEGACY_TABLE)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }
}
