package dev.flotilla.coordinator.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Versions the coordinator's own schema: applies {@code db/V{n}.sql} resources in order, each in a
 * transaction with its row in {@code coordinator_schema}, under an advisory lock so two coordinators
 * starting together do not race.
 */
@ApplicationScoped
public class SchemaMigrator {

    private static final Logger LOGGER = Logger.getLogger(SchemaMigrator.class);
    static final List<Integer> VERSIONS = List.of(1, 2, 3, 4);
    private static final long LOCK_KEY = 0x466c6f74696c6c61L;

    private final Db db;

    public SchemaMigrator(Db db) {
        this.db = db;
    }

    public void migrate() {
        db.inTransaction(c -> {
            c.query("select pg_advisory_xact_lock(" + LOCK_KEY + ")")
                    .execute()
                    .await()
                    .indefinitely();
            c.query("create table if not exists coordinator_schema (version int primary key,"
                            + " applied_at timestamptz not null default now())")
                    .execute()
                    .await()
                    .indefinitely();
            int current = c.query("select coalesce(max(version), 0) from coordinator_schema")
                    .execute()
                    .await()
                    .indefinitely()
                    .iterator()
                    .next()
                    .getInteger(0);
            for (int version : VERSIONS) {
                if (version > current) {
                    c.query(resource(version)).execute().await().indefinitely();
                    c.query("insert into coordinator_schema (version) values (" + version + ")")
                            .execute()
                            .await()
                            .indefinitely();
                    LOGGER.infof("coordinator schema migrated version=%d", version);
                }
            }
            return null;
        });
    }

    private static String resource(int version) {
        String name = "db/V" + version + ".sql";
        try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
