package dev.flotilla.coordinator;

import dev.flotilla.model.wire.Topics;
import dev.flotilla.testkit.ServiceTestResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Real infrastructure for the coordinator's integration tests ({@link ServiceTestResources}: an
 * in-process Kafka broker, a fresh PostgreSQL database for the coordinator's state, plan keys) and a
 * migrations directory of three small migrations ({@link #migrations()} may add more). All are
 * removed in {@link #stop()}.
 */
public class CoordinatorTestResources extends ServiceTestResources {

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

    private Path migrations;

    public CoordinatorTestResources() {
        super("ft_coord");
    }

    @Override
    protected Collection<String> topics() {
        return List.of(Topics.commands(SITE));
    }

    @Override
    protected void configure(Map<String, String> config) {
        migrations = writeMigrations();
        config.putAll(postgres().datasourceSettings(database()));
        config.put("flotilla.migrations.dir", migrations.toAbsolutePath().toString());
        config.put("flotilla.plans.signing-key", keys().privateKey().toString());
        config.put(TRUSTED_KEY, keys().publicKey().toString());
        config.put("flotilla.auth.bootstrap-token", TestCallers.BOOTSTRAP);
    }

    /** The catalog this application loads, {@code {version, name, up, down}}; a null down is irreversible. */
    protected List<String[]> migrations() {
        return MIGRATIONS;
    }

    private Path writeMigrations() {
        try {
            Path dir = Files.createTempDirectory("ft-coord-migrations");
            for (String[] m : migrations()) {
                Files.writeString(dir.resolve(m[0] + "_" + m[1] + ".up.sql"), m[2]);
                if (m[3] != null) {
                    Files.writeString(dir.resolve(m[0] + "_" + m[1] + ".down.sql"), m[3]);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test migrations", e);
        }
    }

    @Override
    protected void cleanUp() {
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
