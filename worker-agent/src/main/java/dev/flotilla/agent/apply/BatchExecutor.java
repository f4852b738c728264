package dev.flotilla.agent.apply;

import dev.flotilla.agent.history.BatchCursors;
import dev.flotilla.agent.history.HistoryTable;
import dev.flotilla.model.catalog.BatchSpec;
import dev.flotilla.model.catalog.SqlText;
import dev.flotilla.model.wire.FailureCode;
import dev.flotilla.model.wire.StepProgress;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Runs a batched step: the statement once per batch of keys in key order, each batch in its own
 * transaction together with the cursor it moves, then one last transaction that deletes the cursor and
 * writes the history row. A crash loses at most the batch in flight, which PostgreSQL rolls back;
 * the next run starts after the cursor, so no committed batch runs twice. A cancel of the run is
 * looked for after each committed batch: the step stops there, its cursor kept, and a later run resumes
 * after it. A batch in flight is never interrupted by a cancel: it is short, and its work is kept.
 */
final class BatchExecutor {

    private static final Logger LOGGER = Logger.getLogger(BatchExecutor.class);

    private final SqlConnection connection;
    private final HistoryTable history;
    private final BatchCursors cursors;
    private final HistoryTable.StepRecord record;
    private final StepExecutor.Script script;
    private final Progress progress;

    /** Told after each committed batch: the keys it covered, and where the step stands now. */
    @FunctionalInterface
    interface Progress {
        void committed(long keys, StepProgress latest);
    }

    private final BooleanSupplier cancelled;

    /**
     * @param progress told after each committed batch
     * @param cancelled asked after each committed batch whether the run was cancelled
     */
    BatchExecutor(
            SqlConnection connection,
            HistoryTable history,
            BatchCursors cursors,
            HistoryTable.StepRecord record,
            StepExecutor.Script script,
            Progress progress,
            BooleanSupplier cancelled) {
        this.connection = connection;
        this.history = history;
        this.cursors = cursors;
        this.record = record;
        this.script = script;
        this.progress = progress;
        this.cancelled = cancelled;
    }

    /** Runs the step from its cursor to the end. */
    StepOutcome run() {
        long start = System.nanoTime();
        BatchSpec spec = script.batch();
        cursors.ensure(connection);
        BatchKey key;
        switch (BatchKey.resolve(connection, spec)) {
            case BatchKey.Result.Found found -> key = found.key();
            case BatchKey.Result.Refused refused -> {
                return refused(refused.message());
            }
        }
        Optional<BatchCursors.Cursor> saved =
                cursors.find(connection, record.version().text(), record.direction());
        if (saved.isPresent() && !saved.get().checksum().equals(record.checksum())) {
            return refused("version " + record.version() + " has batches committed up to key "
                    + saved.get().cursor()
                    + " by a script with checksum " + saved.get().checksum() + "; this plan's script differs ("
                    + record.checksum() + "): repair the tenant before running it");
        }
        BatchProgress rate = new BatchProgress(
                record, saved.map(BatchCursors.Cursor::rowsDone).orElse(0L), key.estimatedRows(connection));
        Optional<String> lo;
        try {
            lo = saved.isPresent() ? saved.map(BatchCursors.Cursor::cursor) : key.lowest(connection);
        } catch (IllegalStateException e) {
            return refused(e.getMessage());
        }
        String statement =
                SqlText.bind(SqlText.split(script.sql()).getFirst(), Map.of("lo", key.param(1), "hi", key.param(2)));
        while (lo.isPresent()) {
            Batch batch;
            try {
                batch = batch(key, statement, lo.get(), rate.rowsDone());
            } catch (RuntimeException e) {
                StepExecutor.rollbackQuietly(connection);
                StepOutcome.Failed failed = StepExecutor.failure(e, false);
                return new StepOutcome.Failed(
                        failed.code(),
                        failed.sqlState(),
                        "batch after key " + lo.get() + " of " + spec.describe() + " failed: " + failed.message()
                                + " (" + rate.rowsDone() + " keys done are kept; a retry resumes after key "
                                + lo.get() + ")",
                        false);
            }
            if (batch == null) {
                break;
            }
            progress.committed(batch.keys(), rate.committed(batch.keys(), batch.hi()));
            lo = Optional.of(batch.hi());
            // a cancel that comes during the pause between batches stops the step before the next one
            boolean rested = !cancelled.getAsBoolean() && pause(spec.pause());
            if (cancelled.getAsBoolean()) {
                LOGGER.infof("batched step cancelled version=%s cursor=%s", record.version(), lo.get());
                return new StepOutcome.Failed(
                        FailureCode.CANCELLED,
                        null,
                        "cancelled after the batch up to key " + lo.get() + " (" + rate.rowsDone()
                                + " keys done are kept; a later run resumes after key " + lo.get() + ")",
                        false);
            }
            if (!rested) {
                return new StepOutcome.Failed(
                        FailureCode.CANCELLED,
                        null,
                        "the agent is stopping; the step resumes after key " + lo.get(),
                        false);
            }
        }
        connection
                .query("begin;\n" + cursors.finishSql(record.version().text(), record.direction()) + ";\n"
                        + history.appendAppliedSql(record) + ";\ncommit;")
                .execute()
                .await()
                .indefinitely();
        LOGGER.infof(
                "batched step finished version=%s table=%s keys=%d",
                record.version(), spec.describe(), rate.rowsDone());
        return new StepOutcome.Applied(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** A committed batch: its upper key and how many keys it covered. */
    private record Batch(String hi, long keys) {}

    /** Runs and commits the batch after {@code lo}; null (nothing committed) when no keys remain. */
    private Batch batch(BatchKey key, String statement, String lo, long doneBefore) {
        connection
                .query("begin;\n" + StepExecutor.timeouts(script, "set local"))
                .execute()
                .await()
                .indefinitely();
        Row next = connection
                .preparedQuery(key.nextBatchSql())
                .execute(Tuple.of(lo))
                .await()
                .indefinitely()
                .iterator()
                .next();
        long keys = next.getLong(1);
        if (keys == 0) {
            connection.query("rollback").execute().await().indefinitely();
            return null;
        }
        String hi = next.getString(0);
        connection.preparedQuery(statement).execute(Tuple.of(lo, hi)).await().indefinitely();
        cursors.advance(
                connection,
                record.version().text(),
                record.direction(),
                new BatchCursors.Cursor(record.checksum(), hi, doneBefore + keys),
                record.runId(),
                record.agentId());
        connection.query("commit").execute().await().indefinitely();
        return new Batch(hi, keys);
    }

    /** Waits between batches; false when the agent is being stopped (the interrupt is kept). */
    private static boolean pause(Duration pause) {
        if (pause.isZero()) {
            return !Thread.currentThread().isInterrupted();
        }
        try {
            Thread.sleep(pause);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static StepOutcome.Failed refused(String message) {
        return new StepOutcome.Failed(FailureCode.SQL_ERROR, null, message, false);
    }
}
