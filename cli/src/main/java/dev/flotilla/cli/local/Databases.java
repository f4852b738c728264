package dev.flotilla.cli.local;

import dev.flotilla.cli.CliException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The local stack's databases and tenant schemas, over JDBC as user {@code postgres} without a
 * password (the trust authentication of a developer machine). Names are allow-listed before they
 * are quoted into SQL.
 */
public final class Databases {

    public static final String COORDINATOR = "flotilla_coordinator";
    public static final String FLEET = "flotilla_fleet";
    static final String USER = "postgres";

    private static final Pattern IDENTIFIER = Pattern.compile("^[a-z_][a-z0-9_]{0,62}$");

    private final HostPort server;

    Databases(HostPort server) {
        this.server = server;
    }

    /** Creates {@code name} unless it exists; returns whether it was created. */
    boolean createIfMissing(String name) {
        try (Connection c = connect("postgres")) {
            try (PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
                exists.setString(1, name);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("create database " + quote(name));
            }
            return true;
        } catch (SQLException e) {
            throw failure("create database " + name, e);
        }
    }

    void createSchemas(String database, List<String> schemas) {
        try (Connection c = connect(database);
                Statement s = c.createStatement()) {
            for (String schema : schemas) {
                s.addBatch("create schema if not exists " + quote(schema));
            }
            s.executeBatch();
        } catch (SQLException e) {
            throw failure("create the tenant schemas in " + database, e);
        }
    }

    void drop(String name) {
        try (Connection c = connect("postgres");
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + quote(name) + " with (force)");
        } catch (SQLException e) {
            throw failure("drop database " + name, e);
        }
    }

    private Connection connect(String database) throws SQLException {
        String url = "jdbc:postgresql://" + server + "/" + database + "?ApplicationName=flotilla-cli";
        return DriverManager.getConnection(url, USER, "");
    }

    static String quote(String identifier) {
        if (!IDENTIFIER.matcher(identifier).matches()) {
            throw new IllegalArgumentException("not an allowed identifier: " + identifier);
        }
        return '"' + identifier + '"';
    }

    private CliException failure(String what, SQLException e) {
        return new CliException(
                "cannot " + what + " on PostgreSQL " + server + " as " + USER + ": " + e.getMessage(), e);
    }
}
