package dev.flotilla.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A PostgreSQL server tests can create databases on.
 *
 * @param password empty for trust authentication, never null
 */
public record PgServer(String host, int port, String user, String password) {

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** A URL in the form the Vert.x reactive client takes. */
    public String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    /**
     * The Quarkus settings that point a service's datasource at {@code database} (the coordinator
     * derives its JDBC URL from the reactive one); no password setting under trust authentication.
     */
    public Map<String, String> datasourceSettings(String database) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("quarkus.datasource.reactive.url", reactiveUrl(database));
        settings.put("quarkus.datasource.username", user);
        if (!password.isEmpty()) {
            settings.put("quarkus.datasource.password", password);
        }
        return settings;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    /**
     * Creates a database whose name starts with {@code prefix} and ends with a random suffix, so
     * parallel and repeated runs never collide. Drop it with {@link #dropDatabase(String)}.
     */
    public String createDatabase(String prefix) {
        String name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        execute("create database " + Identifiers.quote(name));
        return name;
    }

    public void dropDatabase(String name) {
        execute("drop database if exists " + Identifiers.quote(name) + " with (force)");
    }

    private void execute(String sql) {
        try (Connection c = connect("postgres");
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("'" + sql + "' failed: " + e.getMessage(), e);
        }
    }
}
