package dev.flotilla.agent.apply;

import dev.flotilla.agent.history.HistoryTable;
import dev.flotilla.model.catalog.BatchSpec;
import dev.flotilla.model.catalog.SqlText;
import dev.flotilla.model.wire.FailureCode;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one script on a tenant connection and records it in the history table.
 *
 * <p>A transactional script and its history row commit together, so a failure leaves no row and no
 * partial change. A non-transactional script is recorded {@code running} before it starts and
 * {@code applied} after; a failure marks it {@code dirty}, and a crash in between leaves the
 * {@code running} row, which reads as dirty, never as done.
 */
final class StepExecutor {

    private StepExecutor() {}

    /**
     * The script to run and how; timeouts in milliseconds, null when not set.
     *
     * @param batch the script's batch directive, null when it is not batched
     */
    record Script(String sql, boolean transactional, Long lockTimeoutMs, Long statementTimeoutMs, BatchSpec batch) {

        /** A script that is not batched. */
        Script(String sql, boolean transactional, Long lockTimeoutMs, Long statementTimeoutMs) {
            this(sql, transactional, lockTimeoutMs, statementTimeoutMs, null);
        }

        /** This script with the agent's timeouts where its migration set none. */
        Script withDefaults(Duration lockTimeout, Duration statementTimeout) {
            return new Script(
                    sql,
                    transactional,
                    lockTimeoutMs == null ? Long.valueOf(lockTimeout.toMillis()) : lockTimeoutMs,
                    statementTimeoutMs == null ? Long.valueOf(statementTimeout.toMillis()) : statementTimeoutMs,
                    batch);
        }

        /** Runs in one transaction with its history row, so it may share that transaction with others. */
        boolean groupable() {
            return transactional && batch == null;
        }
    }

    /** Runs a step no cancel interrupts (a repair's). */
    static StepOutcome run(
            SqlConnection connection, HistoryTable history, HistoryTable.StepRecord record, Script script) {
        return run(connection, history, record, script, CancelWindow.UNWATCHED);
    }

    /** Runs a step whose statements a cancel may interrupt through {@code window}. */
    static StepOutcome run(
            SqlConnection connection,
            HistoryTable history,
            HistoryTable.StepRecord record,
            Script script,
            CancelWindow window) {
        return script.transactional()
                ? runInTransaction(connection, history, record, script, window)
                : runWithoutTransaction(connection, history, record, script, window);
    }

    /** A step that did not start: its run was cancelled. */
    static StepOutcome.Failed cancelledBeforeStart() {
        return new StepOutcome.Failed(FailureCode.CANCELLED, null, "cancelled before it started", false);
    }

    /**
     * The step, its timeouts and its history row in one transaction, sent as one message (one round
     * trip): {@code BEGIN; SET LOCAL …; <script>; INSERT <history row>; COMMIT}. When a statement fails,
     * PostgreSQL skips the rest of the message, and the transaction is rolled back.
     */
    private static StepOutcome runInTransaction(
            SqlConnection connection,
            HistoryTable history,
            HistoryTable.StepRecord record,
            Script script,
            CancelWindow window) {
        String message = "begin;\n" + timeouts(script, "set local") + "\nselect set_config('" + HistoryTable.STEP_START
                + "', clock_timestamp()::text, true);\n" + script.sql() + "\n;\n" + history.appendAppliedSql(record)
                + ";\ncommit;";
        return transaction(connection, message, window);
    }

    /**
     * Sends one message that is a whole transaction, with the cancel window open while it runs; on
     * failure the window is shut before the rollback, so no cancel reaches the rollback.
     */
    private static StepOutcome transaction(SqlConnection connection, String message, CancelWindow window) {
        long start = System.nanoTime();
        if (!window.open()) {
            return cancelledBeforeStart();
        }
        try {
            connection.query(message).execute().await().indefinitely();
            return new StepOutcome.Applied(elapsedMs(start));
        } catch (RuntimeException e) {
            window.shut();
            rollbackQuietly(connection);
            return failure(e, false);
        } finally {
            window.shut();
        }
    }

    /** One transactional step of a group: its history row and its script. */
    record Grouped(HistoryTable.StepRecord record, Script script) {}

    /**
     * Consecutive transactional steps in one transaction, sent as one message: each step's timeouts
     * ({@code SET LOCAL}, back to the session's default when the step has none), script and history row,
     * then one {@code COMMIT}. All of them commit, or none: on failure the caller runs them again one
     * by one, so the step at fault is known and the ones before it still get applied. Each history
     * row's duration is its own step's, measured from a mark set just before the step.
     */
    static StepOutcome runGroup(
            SqlConnection connection, HistoryTable history, List<Grouped> steps, CancelWindow window) {
        StringBuilder message = new StringBuilder("begin;\n");
        for (Grouped step : steps) {
            message.append("set local lock_timeout to ")
                    .append(
                            step.script().lockTimeoutMs() == null
                                    ? "default"
                                    : step.script().lockTimeoutMs())
                    .append(";\nset local statement_timeout to ")
                    .append(
                            step.script().statementTimeoutMs() == null
                                    ? "default"
                                    : step.script().statementTimeoutMs())
                    .append(";\nselect set_config('")
                    .append(HistoryTable.STEP_START)
                    .append("', clock_timestamp()::text, true);\n")
                    .append(step.script().sql())
                    .append("\n;\n")
                    .append(history.appendAppliedSql(step.record()))
                    .append(";\n");
        }
        message.append("commit;");
        return transaction(connection, message.toString(), window);
    }

    /**
     * The step's timeouts are set before the cancel window opens; the window spans the {@code running}
     * row and the statements: a cancel that stops the row's insert leaves no row and nothing changed;
     * one that stops a statement leaves the step dirty. The {@code applied} or {@code dirty} row is
     * written, and the timeouts reset, with the window shut.
     */
    private static StepOutcome runWithoutTransaction(
            SqlConnection connection,
            HistoryTable history,
            HistoryTable.StepRecord record,
            Script script,
            CancelWindow window) {
        long start = System.nanoTime();
        try {
            execute(connection, timeouts(script, "set"));
        } catch (RuntimeException e) {
            resetTimeouts(connection);
            return failure(e, false);
        }
        if (!window.open()) {
            resetTimeouts(connection);
            return cancelledBeforeStart();
        }
        long rank;
        try {
            rank = history.append(connection, record, HistoryTable.RUNNING, null);
        } catch (RuntimeException e) {
            window.shut();
            resetTimeouts(connection);
            return failure(e, false);
        }
        try {
            for (String statement : SqlText.split(script.sql())) {
                execute(connection, statement);
            }
            window.shut();
            history.finish(connection, rank, HistoryTable.APPLIED, elapsedMs(start));
            return new StepOutcome.Applied(elapsedMs(start));
        } catch (RuntimeException e) {
            window.shut();
            history.finish(connection, rank, HistoryTable.DIRTY, elapsedMs(start));
            return failure(e, true);
        } finally {
            window.shut();
            resetTimeouts(connection);
        }
    }

    private static void resetTimeouts(SqlConnection connection) {
        execute(connection, "reset lock_timeout; reset statement_timeout");
    }

    static String timeouts(Script script, String set) {
        StringBuilder sql = new StringBuilder();
        if (script.lockTimeoutMs() != null) {
            sql.append(set)
                    .append(" lock_timeout = ")
                    .append(script.lockTimeoutMs())
                    .append(";");
        }
        if (script.statementTimeoutMs() != null) {
            sql.append(set)
                    .append(" statement_timeout = ")
                    .append(script.statementTimeoutMs())
                    .append(";");
        }
        return sql.toString();
    }

    private static void execute(SqlConnection connection, String sql) {
        if (!sql.isBlank()) {
            connection.query(sql).execute().await().indefinitely();
        }
    }

    static StepOutcome.Failed failure(RuntimeException e, boolean dirty) {
        if (e instanceof PgException pg) {
            return new StepOutcome.Failed(FailureCode.SQL_ERROR, pg.getSqlState(), pg.getErrorMessage(), dirty);
        }
        return new StepOutcome.Failed(FailureCode.SQL_ERROR, null, String.valueOf(e.getMessage()), dirty);
    }

    static void rollbackQuietly(SqlConnection connection) {
        try {
            connection.query("rollback").execute().await().indefinitely();
        } catch (RuntimeException alreadyEnded) {
            // the connection is gone, and with it the transaction
        }
    }

    private static long elapsedMs(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
