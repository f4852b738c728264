package dev.flotilla.cli.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The options of {@code local up}, shared with {@code demo}. {@link #validate()} checks them all
 * before anything starts, so a bad option never leaves half a stack behind.
 */
public final class LocalStackOptions {

    @Option(
            names = "--tenants",
            paramLabel = "N",
            defaultValue = "24",
            description = "Tenant schemas (default: ${DEFAULT-VALUE}).")
    int tenants;

    @Option(
            names = "--sites",
            paramLabel = "S",
            defaultValue = "1",
            description = "Sites, one agent each; tenants are dealt round-robin (default: ${DEFAULT-VALUE}).")
    int sites;

    @Option(
            names = "--capacity",
            paramLabel = "C",
            defaultValue = "4",
            description = "Tenants each agent migrates at once (default: ${DEFAULT-VALUE}).")
    int capacity;

    @Option(
            names = "--migrations",
            paramLabel = "DIR",
            defaultValue = "migrations",
            description =
                    "The migration catalog (default: ${DEFAULT-VALUE}, in the working directory or FLOTILLA_HOME).")
    Path migrations;

    @Option(
            names = "--pg",
            paramLabel = "HOST:PORT",
            description =
                    "A PostgreSQL server to use (user postgres, no password). Default: 127.0.0.1:5432 if it answers, else an embedded one.")
    String pg;

    @Option(
            names = "--embedded-pg",
            description = "Start an embedded PostgreSQL even if one answers on 127.0.0.1:5432.")
    boolean embeddedPg;

    @Option(
            names = "--port",
            paramLabel = "P",
            defaultValue = "8080",
            description = "The coordinator's HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "180",
            description = "How long to wait for each part to come up (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** Fails with the first invalid option, naming it. */
    public void validate() {
        if (tenants < 1 || tenants > TenantFleet.MAX_TENANTS) {
            throw new IllegalArgumentException(
                    "--tenants must be between 1 and " + TenantFleet.MAX_TENANTS + ", was " + tenants);
        }
        if (sites < 1 || sites > tenants) {
            throw new IllegalArgumentException(
                    "--sites must be between 1 and the number of tenants (" + tenants + "), was " + sites);
        }
        if (capacity < 1 || capacity > 256) {
            throw new IllegalArgumentException("--capacity must be between 1 and 256, was " + capacity);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 1 and 65535, was " + port);
        }
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout must be at least 1 second, was " + timeoutSeconds);
        }
        if (pg != null && embeddedPg) {
            throw new IllegalArgumentException("--pg and --embedded-pg exclude each other");
        }
        try {
            pg();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--pg: " + e.getMessage(), e);
        }
    }

    /** The catalog directory: as given if it exists, else relative to the checkout. */
    public Path migrationsDir(FlotillaHome home) {
        Path given = migrations.toAbsolutePath().normalize();
        if (Files.isDirectory(given) || migrations.isAbsolute()) {
            return given;
        }
        return home.root().resolve(migrations).normalize();
    }

    public int tenants() {
        return tenants;
    }

    public int capacity() {
        return capacity;
    }

    /** Sets the number of sites, for a command whose default differs from {@code local up}'s. */
    public void useSites(int count) {
        this.sites = count;
    }

    public int sites() {
        return sites;
    }

    /** The {@code --pg} server, or null when none was given. */
    public HostPort pg() {
        return pg == null ? null : HostPort.parse(pg);
    }

    public boolean embeddedPg() {
        return embeddedPg;
    }

    public int port() {
        return port;
    }

    public Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }
}
