package dev.flotilla.bench.contenders;

import dev.flotilla.model.catalog.Catalog;
import dev.flotilla.testkit.PgServer;
import java.nio.file.Path;

/**
 * What every contender is given: the same PostgreSQL server, catalog, fleet size and parallelism.
 *
 * @param migrations the catalog's directory (the local stack reads it from there)
 */
public record BenchSetup(PgServer pg, Catalog catalog, Path migrations, int tenants, int parallel) {}
