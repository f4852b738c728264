package dev.flotilla.bench.contenders;

import dev.flotilla.model.catalog.Migration;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The usual way: the real Flyway library migrating one schema after another, with the same number
 * of threads, given its best chance: a pool of connections opened before the clock starts (two per
 * thread, as Flyway needs), and the same scripts (renamed {@code V0001__name.sql}). Flyway runs {@code CREATE INDEX CONCURRENTLY}
 * outside a transaction by itself.
 */
public final class FlywayLoop implements Contender {

    /** Flyway holds two connections while it migrates a schema: one for its lock, one for the scripts. */
    private static final int CONNECTIONS_PER_MIGRATE = 2;

    private final BenchSetup setup;
    private TenantDatabase database;
    private AgroalDataSource pool;
    private Path scripts;

    public FlywayLoop(BenchSetup setup) {
        this.setup = setup;
    }

    @Override
    public String name() {
        return "flyway";
    }

    @Override
    public void prepare() throws Exception {
        database = TenantDatabase.create(setup.pg(), "flotilla_bench_flyway", setup.tenants());
        scripts = Files.createTempDirectory("flotilla-bench-flyway");
        for (Migration migration : setup.catalog().migrations()) {
            Files.writeString(
                    scripts.resolve("V" + migration.version().text() + "__" + migration.name() + ".sql"),
                    migration.up().sql());
        }
        int connections = CONNECTIONS_PER_MIGRATE * setup.parallel();
        pool = AgroalDataSource.from(
                new AgroalDataSourceConfigurationSupplier().connectionPoolConfiguration(p -> p.maxSize(connections)
                        .minSize(connections)
                        .initialSize(connections)
                        .acquisitionTimeout(Duration.ofMinutes(1))
                        .connectionFactoryConfiguration(f -> f.jdbcUrl(database.jdbcUrl())
                                .principal(new NamePrincipal(setup.pg().user()))
                                .credential(new SimplePassword(setup.pg().password())))));
    }

    private FluentConfiguration flyway(String tenant) {
        return Flyway.configure()
                .dataSource(pool)
                .schemas(tenant)
                .defaultSchema(tenant)
                .createSchemas(false)
                // Flyway's default lock keeps a transaction open, and CREATE INDEX CONCURRENTLY waits for
                // every open transaction: with it, the concurrent index would wait for ever.
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
                .locations("filesystem:" + scripts.toAbsolutePath());
    }

    @Override
    public Duration migrate() throws Exception {
        return Parallel.forEach(database.tenants(), setup.parallel(), tenant -> flyway(tenant)
                .load()
                .migrate());
    }

    /** {@code validate}: Flyway compares every applied migration's checksum with its script. */
    @Override
    public Duration recheck() throws Exception {
        return Parallel.forEach(database.tenants(), setup.parallel(), tenant -> flyway(tenant)
                .load()
                .validate());
    }

    @Override
    public void verify() throws Exception {
        database.expectEach(
                "select count(*) from %s.flyway_schema_history where success and version is not null",
                setup.catalog().migrations().size(), "successful Flyway migrations");
    }

    @Override
    public void cleanup() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
        if (scripts != null) {
            try (Stream<Path> files = Files.walk(scripts)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException ignored) {
                // a temporary directory; the OS cleans it eventually
            }
            scripts = null;
        }
    }
}
