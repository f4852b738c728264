package dev.flotilla.coordinator.store;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The coordinator's time: the database's clock, read once per transaction. Every coordinator sharing
 * the database stamps with it (when a run was heard of, a wave done, a repair asked for, a rollout to
 * wake) and compares with it (quiet runs, soaks, unanswered repairs), so a coordinator host whose clock
 * is off never shortens or stretches what another coordinator measures. The JVM's clock is only
 * compared with it, and a skew above {@link #SKEW_WARNING} is logged (at most once a minute).
 */
@ApplicationScoped
public class DatabaseClock {

    private static final Logger LOGGER = Logger.getLogger(DatabaseClock.class);
    static final Duration SKEW_WARNING = Duration.ofSeconds(5);
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);

    private static final String NOW = "select now()";

    private final Db db;
    private final Clock jvm;
    private final AtomicReference<Instant> lastWarned = new AtomicReference<>(Instant.MIN);

    /** For the container's client proxy (and a test's subclass); never called to serve time. */
    protected DatabaseClock() {
        this(null, null);
    }

    /** The constructor the container uses: with two, it needs telling (it would take the empty one). */
    @Inject
    public DatabaseClock(Db db, Clock jvm) {
        this.db = db;
        this.jvm = jvm;
    }

    /**
     * The database's {@code now()} on {@code client}: inside a transaction, the moment it began, the same
     * for every statement of it.
     */
    public Instant now(SqlClient client) {
        return noted(Db.query(client, NOW, Tuple.tuple()));
    }

    /** The database's time now, for a round of work that spans several transactions. */
    public Instant now() {
        return noted(db.query(NOW, Tuple.tuple()));
    }

    private Instant noted(RowSet<Row> rows) {
        Instant now = Times.instant(rows.iterator().next().getOffsetDateTime(0));
        noteSkew(now);
        return now;
    }

    private void noteSkew(Instant database) {
        Instant local = jvm.instant();
        Duration skew = Duration.between(database, local);
        if (skew.abs().compareTo(SKEW_WARNING) <= 0) {
            return;
        }
        Instant last = lastWarned.get();
        if (local.isAfter(last.plus(WARN_EVERY)) && lastWarned.compareAndSet(last, local)) {
            LOGGER.warnf(
                    "clock skew jvmAheadOfDatabase=%s: times follow the database's clock; check the host's time"
                            + " synchronisation",
                    skew);
        }
    }
}
