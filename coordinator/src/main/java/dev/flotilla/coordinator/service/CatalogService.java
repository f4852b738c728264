package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.store.CatalogStore;
import dev.flotilla.coordinator.store.CoordinatorSchema;
import dev.flotilla.model.catalog.Catalog;
import dev.flotilla.model.catalog.CatalogReader;
import dev.flotilla.model.catalog.Migration;
import dev.flotilla.model.catalog.Release;
import dev.flotilla.model.catalog.ReleasesReader;
import dev.flotilla.model.catalog.Version;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Loads the migrations directory (and its releases.yaml) at start-up (after the coordinator's own schema is migrated) and
 * keeps the catalog. A malformed directory stops the coordinator with every problem listed.
 */
@Startup
@ApplicationScoped
public class CatalogService {

    private static final Logger LOGGER = Logger.getLogger(CatalogService.class);

    private final Catalog catalog;
    private final List<Release> releases;

    public CatalogService(
            @ConfigProperty(name = "flotilla.migrations.dir", defaultValue = "migrations") Path directory,
            CoordinatorSchema schema,
            CatalogStore store) {
        schema.migrate();
        try {
            this.catalog = CatalogReader.read(directory);
            this.releases = ReleasesReader.read(directory, catalog);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migrations directory " + directory.toAbsolutePath(), e);
        }
        store.sync(catalog);
        LOGGER.infof(
                "catalog loaded dir=%s migrations=%d releases=%d latest=%s",
                directory.toAbsolutePath(),
                catalog.migrations().size(),
                releases.size(),
                catalog.latest().orElse(null));
    }

    /**
     * Returns once start-up (schema migration, catalog sync) is done. Kafka consumers may start before
     * the application's start-up beans; calling this first makes them wait instead of failing.
     */
    public void awaitReady() {
        LOGGER.tracef("catalog ready migrations=%d", catalog.migrations().size());
    }

    public Catalog catalog() {
        return catalog;
    }

    /** The versions that have a down script, so a rollback can revert them. */
    public Set<Version> reversible() {
        return catalog.migrations().stream()
                .filter(m -> m.down().isPresent())
                .map(Migration::version)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The releases of {@code releases.yaml}, in order; empty without the file. */
    public List<Release> releases() {
        return releases;
    }
}
