package dev.flotilla.coordinator.store;

import dev.flotilla.coordinator.rollout.OperatorRequest.TenantRun;
import dev.flotilla.coordinator.rollout.RunState;
import dev.flotilla.coordinator.store.RunStore.PendingRun;
import dev.flotilla.model.catalog.Version;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The runs operators act on (retry, skip, cancel), inside the caller's transaction. */
public final class OperatorRuns {

    private OperatorRuns() {}

    /** A tenant's run in a rollout, as operators act on it; empty when the tenant is not part of it. */
    public static Optional<TenantRun> ofTenant(SqlClient client, UUID rollout, String tenant) {
        for (Row row : Db.query(
                client,
                "select run_id, state, steps from runs where rollout_id = $1 and tenant_id = $2",
                Tuple.of(rollout, tenant))) {
            return Optional.of(new TenantRun(
                    row.getUUID("run_id"),
                    RunState.fromCode(row.getInteger("state")),
                    VersionTexts.versions(row.getArrayOfStrings("steps"))));
        }
        return Optional.empty();
    }

    /**
     * Gives a finished run a new life under a new id (so late events of the old attempt are not taken for
     * the new one), with a freshly computed path, in {@code state} (pending, or succeeded with no steps).
     */
    public static void reopen(SqlClient tx, UUID old, UUID fresh, List<Version> steps, RunState state, Instant at) {
        Db.query(
                tx,
                "update runs set run_id = $2, steps = $3, state = $4, message = null, dispatched_at = null,"
                        + " heard_at = null, sends = 0, agent_id = null, created_at = $5::timestamptz,"
                        + " finished_at = case when $6 then $5::timestamptz else null end where run_id = $1",
                Tuple.from(new Object[] {
                    old, fresh, VersionTexts.texts(steps), state.code(), Times.utc(at), state.terminal()
                }));
    }

    /** The in-flight runs of a rollout, with their sites, to cancel. */
    public static List<PendingRun> inFlightRuns(SqlClient tx, UUID rollout) {
        List<PendingRun> runs = new ArrayList<>();
        for (Row row : Db.query(
                tx,
                "select run_id, tenant_id, site, wave, steps from runs where rollout_id = $1 and state = any($2)",
                Tuple.of(rollout, RunStore.IN_FLIGHT))) {
            runs.add(RunStore.pendingRun(row));
        }
        return runs;
    }

    /** Moves every pending run of a rollout to {@code state}. */
    public static void settlePending(SqlClient tx, UUID rollout, RunState state, String message, Instant at) {
        Db.query(
                tx,
                "update runs set state = $3, message = $4, finished_at = $5 where rollout_id = $1 and state = $2",
                Tuple.of(rollout, RunState.PENDING.code(), state.code(), message, Times.utc(at)));
    }
}
