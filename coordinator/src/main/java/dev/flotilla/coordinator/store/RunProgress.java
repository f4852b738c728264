package dev.flotilla.coordinator.store;

import dev.flotilla.coordinator.rollout.RunState;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.UUID;

/** What a rollout's progress view reads about its runs: failures, steps left, observed step times. */
public final class RunProgress {

    private RunProgress() {}

    /** Tenants whose run failed or was blocked, with why. */
    public static Map<String, String> failures(SqlClient client, UUID rollout) {
        return messages(client, rollout, "state = any($2)", RunState.FAILED, RunState.BLOCKED);
    }

    /**
     * Tenants whose run carries a message without having failed, been blocked or cancelled, with it:
     * a revert that stops above an irreversible step, a skip's reason, a quiet run's command sent again.
     */
    public static Map<String, String> notes(SqlClient client, UUID rollout) {
        return messages(
                client,
                rollout,
                "message is not null and state <> all($2)",
                RunState.FAILED,
                RunState.BLOCKED,
                RunState.CANCELLED);
    }

    /** The message of each run of the rollout that {@code condition} (on states {@code $2}) selects, by tenant. */
    private static Map<String, String> messages(SqlClient client, UUID rollout, String condition, RunState... states) {
        Map<String, String> messages = new TreeMap<>();
        Integer[] codes = Arrays.stream(states).map(RunState::code).toArray(Integer[]::new);
        for (Row row : Db.query(
                client,
                "select tenant_id, message from runs where rollout_id = $1 and " + condition + " order by tenant_id",
                Tuple.of(rollout, codes))) {
            messages.put(row.getString(0), row.getString(1));
        }
        return messages;
    }

    /** Steps of a wave's runs that are not finished yet (pending, dispatched or running). */
    public static Map<Integer, Long> stepsLeftByWave(SqlClient client, UUID rollout) {
        Map<Integer, Long> left = new TreeMap<>();
        for (Row row : Db.query(
                client,
                "select wave, sum(cardinality(steps)) from runs where rollout_id = $1 and state = any($2) group by wave",
                Tuple.of(rollout, new Integer[] {
                    RunState.PENDING.code(), RunState.DISPATCHED.code(), RunState.RUNNING.code()
                }))) {
            left.put(row.getInteger(0), row.getLong(1));
        }
        return left;
    }

    /** The mean wall time of one step in the rollout's succeeded runs, from dispatch to finish. */
    public static OptionalDouble secondsPerStep(SqlClient client, UUID rollout) {
        Row row = Db.query(
                        client,
                        "select sum(extract(epoch from finished_at - dispatched_at))::float8,"
                                + " sum(cardinality(steps))::float8 from runs where rollout_id = $1 and state = $2"
                                + " and dispatched_at is not null and cardinality(steps) > 0",
                        Tuple.of(rollout, RunState.SUCCEEDED.code()))
                .iterator()
                .next();
        Double seconds = row.getDouble(0);
        Double steps = row.getDouble(1);
        return seconds == null || steps == null || steps == 0
                ? OptionalDouble.empty()
                : OptionalDouble.of(seconds / steps);
    }
}
