package dev.flotilla.coordinator.messaging;

import io.vertx.pgclient.PgException;
import java.util.Set;

/**
 * Tells a fold failure that goes away by itself from one that will recur however often the same event
 * is folded. Pure.
 */
final class FoldFailures {

    /** SQLSTATE classes of connection loss, transaction rollback (deadlock, serialization), resources, operator intervention, system errors. */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57", "58");
    /** lock_not_available: a lock timeout. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private FoldFailures() {}

    /** True when PostgreSQL said the failure was transient; anything else may recur. */
    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                return LOCK_NOT_AVAILABLE.equals(state) || TRANSIENT_CLASSES.contains(state.substring(0, 2));
            }
        }
        return false;
    }
}
