package dev.flotilla.agent.apply;

import dev.flotilla.agent.tenants.TenantPools;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Cancels runs. A cancel marks its run ({@link CancelMarks}), which then stops before its next step
 * (a batched step after its current batch). When the run is executing a step whose statements may be
 * interrupted ({@link CancelWindow}), the statement is stopped at once: {@code pg_cancel_backend} of
 * the run's session, sent on another connection from the tenant database's pool, sent again every
 * {@value #AGAIN_MILLIS} ms while the window stays open (a cancel that reaches the backend between two
 * statements does nothing). The statement then fails with SQLSTATE 57014 and the step is reported
 * cancelled; a transactional step rolls back, a non-transactional one that was interrupted is dirty.
 * Cancels are sent on threads of their own: the command channel never waits for a tenant database.
 */
@ApplicationScoped
public class RunCancels {

    private static final Logger LOGGER = Logger.getLogger(RunCancels.class);
    private static final long AGAIN_MILLIS = 200;
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(10);
    /** How long a cancel is waited for in all before it is let go. */
    private static final Duration LATE_CANCEL_LIMIT = Duration.ofMinutes(2);
    /** SQLSTATE query_canceled: a statement stopped by a cancel (or by statement_timeout). */
    static final String QUERY_CANCELED = "57014";

    private final CancelMarks marks;
    private final TenantPools pools;
    private final Map<UUID, CancellableSession> sessions = new ConcurrentHashMap<>();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    public RunCancels(CancelMarks marks, TenantPools pools) {
        this.marks = marks;
        this.pools = pools;
    }

    /** Cancels the run: for good here (see {@link CancelMarks}), and its running statement at once. */
    public void cancel(UUID runId) {
        marks.mark(runId);
        CancellableSession session = sessions.get(runId);
        if (session != null) {
            senders.execute(() -> interrupt(session));
        }
    }

    /** True when the run was cancelled here: nothing more of it may run. */
    public boolean isCancelled(UUID runId) {
        return marks.isMarked(runId);
    }

    /** Watches the run's session until it is closed, so a cancel can stop its statements. */
    CancellableSession watch(UUID runId, String database, int backendPid) {
        CancellableSession session =
                new CancellableSession(runId, database, backendPid, () -> isCancelled(runId), this::forget);
        sessions.put(runId, session);
        return session;
    }

    private void forget(CancellableSession session) {
        sessions.remove(session.runId, session);
    }

    private void interrupt(CancellableSession session) {
        MDC.clear(); // a sender thread starts with its maker's logging context; this one names its run itself
        LOGGER.infof("stopping the statement of a cancelled run run=%s pid=%d", session.runId, session.backendPid);
        try {
            while (session.whileOpen(() -> sendCancel(session))) {
                Thread.sleep(AGAIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends one {@code pg_cancel_backend} and returns once it has been answered or failed, never while
     * it may still reach the server: it runs with the window held open, and a cancel arriving after the
     * window shut would stop a statement outside it (the history row, say). A cancel slower than
     * {@link #CANCEL_TIMEOUT} (no pool connection free, a slow network) is waited for further, holding
     * the step back, up to {@link #LATE_CANCEL_LIMIT}; past that the tenant database is taken for
     * unreachable and the cancel is let go, said loudly, so a step never hangs on it for good.
     */
    private void sendCancel(CancellableSession session) throws InterruptedException {
        try {
            CompletableFuture<RowSet<Row>> sent = pools.pool(session.database)
                    .preparedQuery("select pg_cancel_backend($1)")
                    .execute(Tuple.of(session.backendPid))
                    .subscribeAsCompletionStage();
            boolean signalled = await(sent, session).iterator().next().getBoolean(0);
            LOGGER.debugf("cancel sent run=%s pid=%d signalled=%s", session.runId, session.backendPid, signalled);
        } catch (ExecutionException e) {
            LOGGER.warnf(
                    "statement not cancelled run=%s pid=%d reason=%s", session.runId, session.backendPid, e.getCause());
        } catch (TimeoutException e) {
            LOGGER.errorf(
                    "cancel unanswered for %s run=%s pid=%d: let go; should it still arrive, it may stop a later"
                            + " statement of the run's session",
                    LATE_CANCEL_LIMIT, session.runId, session.backendPid);
        } catch (RuntimeException e) {
            LOGGER.warnf("statement not cancelled run=%s pid=%d reason=%s", session.runId, session.backendPid, e);
        }
    }

    private static RowSet<Row> await(CompletableFuture<RowSet<Row>> sent, CancellableSession session)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return sent.get(CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOGGER.warnf(
                    "cancel not answered within %s run=%s pid=%d: its step waits for it",
                    CANCEL_TIMEOUT, session.runId, session.backendPid);
            return sent.get(LATE_CANCEL_LIMIT.minus(CANCEL_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    void shutdown() {
        senders.shutdownNow();
    }
}
