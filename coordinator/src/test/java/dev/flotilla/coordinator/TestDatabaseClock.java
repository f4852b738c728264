package dev.flotilla.coordinator;

import dev.flotilla.coordinator.store.DatabaseClock;
import dev.flotilla.coordinator.store.Db;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The coordinator's time in tests: the database's clock plus an offset a test may move forward, so soaks
 * and quiet runs are tested without waiting. Tests that move it reset it when they end.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestDatabaseClock extends DatabaseClock {

    private static volatile Duration offset = Duration.ZERO;

    public TestDatabaseClock(Db db, Clock jvm) {
        super(db, jvm);
    }

    @Override
    public Instant now(SqlClient client) {
        return super.now(client).plus(offset);
    }

    @Override
    public Instant now() {
        return super.now().plus(offset);
    }

    static void advance(Duration by) {
        offset = offset.plus(by);
    }

    static void reset() {
        offset = Duration.ZERO;
    }
}
