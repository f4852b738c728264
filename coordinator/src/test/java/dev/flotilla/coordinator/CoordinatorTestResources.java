package dev.flotilla.coordinator;

import dev.flotilla.model.wire.Topics;
import dev.flotilla.testkit.KafkaBroker;
import dev.flotilla.testkit.PgServer;
import dev.flotilla.testkit.PlanKeys;
import dev.flotilla.testkit.TestPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Real infrastructure for the coordinator's integration tests: an in-process Kafka broker, a fresh
 * PostgreSQL database for the coordinator's state, and a migrations directory of three small
 * migrations. All three are removed in {@link #stop()}.
 */
public class CoordinatorTestResources implements QuarkusTestResourceLifecycleManager {

    /** The config property naming the public key's PEM file, for tests that verify plan signatures. */
    static final String TRUSTED_KEY = "flotilla.test.plan-trusted-key";

    /** The site the tests' tenants live at. */
    static final String SITE = "s1";

    /** The test catalog, in order: {@code {version, name, up, down}}. */
    static final List<String[]> MIGRATIONS = List.of(
            new String[] {
                "0001", "create_widgets", "create table widgets (id bigint primary key);", "drop table widgets;"
            },
            new String[] {
                "0002",
                "add_widget_name",
                "alter table widgets add column name text;",
                "alter table widgets drop column name;"
            },
            new String[] {
                "0003",
                "index_widget_name",
                "-- flotilla:no-transaction\ncreate index concurrently widgets_name on widgets (name);\n",
                "-- flotilla:no-transaction\ndrop index concurrently widgets_name;\n"
            });

    private KafkaBroker broker;
    private PgServer postgres;
    private String database;
    private Path migrations;
    private PlanKeys keys;

    @Override
    public Map<String, String> start() {
        try {
            broker = KafkaBroker.start();
            broker.createTopics(List.of(Topics.commands(SITE)), 4);
            postgres = TestPostgres.server();
            database = postgres.createDatabase("ft_coord");
            migrations = writeMigrations();
            keys = PlanKeys.create();
            return config();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    private Map<String, String> config() {
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", broker.bootstrapServers());
        config.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(database));
        config.put("quarkus.datasource.username", postgres.user());
        if (!postgres.password().isEmpty()) {
            config.put("quarkus.datasource.password", postgres.password());
        }
        config.put("flotilla.migrations.dir", migrations.toAbsolutePath().toString());
        config.put("flotilla.plans.signing-key", keys.privateKey().toString());
        config.put(TRUSTED_KEY, keys.publicKey().toString());
        config.put("quarkus.http.test-port", "0");
        config.put("quarkus.log.category.\"org.apache.kafka\".level", "WARN");
        config.put("quarkus.log.category.\"kafka\".level", "WARN");
        config.put("quarkus.log.category.\"io.smallrye.reactive.messaging.kafka\".level", "WARN");
        return config;
    }

    private static Path writeMigrations() {
        try {
            Path dir = Files.createTempDirectory("ft-coord-migrations");
            for (String[] m : MIGRATIONS) {
                Files.writeString(dir.resolve(m[0] + "_" + m[1] + ".up.sql"), m[2]);
                Files.writeString(dir.resolve(m[0] + "_" + m[1] + ".down.sql"), m[3]);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test migrations", e);
        }
    }

    @Override
    public void stop() {
        try {
            if (database != null) {
                postgres.dropDatabase(database);
                database = null;
            }
        } finally {
            try {
                if (broker != null) {
                    broker.close();
                    broker = null;
                }
            } finally {
                deleteMigrations();
                if (keys != null) {
                    keys.close();
                    keys = null;
                }
            }
        }
    }

    private void deleteMigrations() {
        if (migrations == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(migrations)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
            migrations = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + migrations, e);
        }
    }
}
