package dev.flotilla.agent.apply;

import dev.flotilla.agent.history.HistoryTable;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.Event;
import dev.flotilla.model.wire.FailureCode;
import dev.flotilla.model.wire.PlanStep;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.model.wire.RunTenant;
import dev.flotilla.model.wire.StepFailed;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;

/** The events of one run as it executes, with what went wrong. Used by one thread, the run's. */
final class RunEvents {

    private static final Logger LOGGER = Logger.getLogger(RunExecutor.class);

    final String tenant;
    final UUID rollout;
    final RunTenant run;
    private final EventSink events;
    private final List<CompletableFuture<Void>> sent = new ArrayList<>();
    /** Why the run did not succeed, for its RunFinished; null while nothing went wrong. */
    String failure;

    RunEvents(EventSink events, String tenant, UUID rollout, RunTenant run) {
        this.events = events;
        this.tenant = tenant;
        this.rollout = rollout;
        this.run = run;
    }

    /** The history row of one of the run's steps. */
    HistoryTable.StepRecord record(Version version, PlanStep step, String checksum, String agentId) {
        return HistoryTable.StepRecord.ofStep(
                version,
                step.name(),
                checksum,
                run.direction() == Direction.UP ? HistoryTable.UP : HistoryTable.DOWN,
                rollout,
                run.runId(),
                agentId,
                run.actor());
    }

    /** Sent without waiting for each ack: {@link #finish} waits for all of them before the command is acked. */
    void emit(Event event) {
        sent.add(events.send(tenant, rollout, event));
    }

    /** Reports the step failed; returns false, so callers can stop the run with it. */
    boolean fail(Version version, FailureCode code, String sqlState, String message, boolean dirty) {
        failure = "step " + version + " failed: " + message;
        LOGGER.warnf(
                "step failed tenant=%s run=%s version=%s code=%s sqlstate=%s dirty=%s message=%s",
                tenant, run.runId(), version, code, sqlState, dirty, message);
        emit(new StepFailed(run.runId(), version, run.direction(), code, sqlState, message, dirty));
        return false;
    }

    /**
     * Reports a step that did not apply, and how the run ends for it: {@code CANCELLED} when the run
     * was cancelled and the step stopped for that (it did not start, or its statement was cancelled),
     * else {@code FAILED}. A cancelled step is reported with code {@code CANCELLED}, dirty only when a
     * non-transactional statement was interrupted.
     */
    RunOutcome stepStopped(Version version, StepOutcome.Failed failed, boolean runCancelled) {
        if (!runCancelled || !failed.byCancel()) {
            fail(version, failed.code(), failed.sqlState(), failed.message(), failed.dirty());
            return RunOutcome.FAILED;
        }
        failure = "cancelled at step " + version + ": " + failed.message();
        LOGGER.infof(
                "step cancelled tenant=%s run=%s version=%s dirty=%s message=%s",
                tenant, run.runId(), version, failed.dirty(), failed.message());
        emit(new StepFailed(
                run.runId(),
                version,
                run.direction(),
                FailureCode.CANCELLED,
                failed.sqlState(),
                failed.message(),
                failed.dirty()));
        return RunOutcome.CANCELLED;
    }

    /** Whether an event of the run sent so far failed to reach the broker. */
    boolean anyUnsent() {
        return sent.stream().anyMatch(CompletableFuture::isCompletedExceptionally);
    }

    /**
     * Returns when every event of the run sent so far that has settled reached the broker.
     *
     * @throws EventNotSentException when one did not: the coordinator never heard of what it reported,
     *     so the run must not go on (its command is left unacknowledged, and delivered again)
     */
    void requireDelivered() {
        for (CompletableFuture<Void> send : sent) {
            if (send.isCompletedExceptionally()) {
                awaitAll(List.of(send));
            }
        }
    }

    /**
     * Reports the outcome and returns once every event of the run is on the broker.
     *
     * @throws EventNotSentException when one of them did not get there: the run's command must then
     *     not be acknowledged
     */
    void finish(RunOutcome outcome, String message) {
        LOGGER.infof("run finished tenant=%s run=%s outcome=%s", tenant, run.runId(), outcome);
        emit(new RunFinished(run.runId(), outcome, message));
        awaitAll(sent);
    }

    private static void awaitAll(List<CompletableFuture<Void>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException | CancellationException e) {
            throw new EventNotSentException(null, e.getCause() == null ? e : e.getCause());
        }
    }
}
