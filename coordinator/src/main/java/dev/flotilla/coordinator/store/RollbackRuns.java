package dev.flotilla.coordinator.store;

import dev.flotilla.coordinator.rollout.RunState;
import dev.flotilla.model.catalog.Version;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** The runs a rollback reads: those of the rollout it undoes, and its tenants' work elsewhere. */
public final class RollbackRuns {

    private RollbackRuns() {}

    /** A tenant's run in a rollout, as a rollback of the rollout reads it. */
    public record TenantRun(String tenant, String site, int wave, RunState state, List<Version> steps) {}

    /** Every run of the rollout, by tenant id. */
    public static List<TenantRun> ofRollout(SqlClient tx, UUID rollout) {
        List<TenantRun> runs = new ArrayList<>();
        for (Row row : Db.query(
                tx,
                "select tenant_id, site, wave, state, steps from runs where rollout_id = $1 order by tenant_id",
                Tuple.of(rollout))) {
            runs.add(new TenantRun(
                    row.getString("tenant_id"),
                    row.getString("site"),
                    row.getInteger("wave"),
                    RunState.fromCode(row.getInteger("state")),
                    VersionTexts.versions(row.getArrayOfStrings("steps"))));
        }
        return runs;
    }

    /** Of {@code tenants}, those whose run in {@code rollout} is dispatched or running. */
    public static Set<String> inFlightIn(SqlClient tx, UUID rollout, Collection<String> tenants) {
        Set<String> inFlight = new HashSet<>();
        for (Row row : Db.query(
                tx,
                "select tenant_id from runs where rollout_id = $1 and tenant_id = any($2) and state = any($3)",
                Tuple.of(rollout, tenants.toArray(String[]::new), RunStore.IN_FLIGHT))) {
            inFlight.add(row.getString(0));
        }
        return inFlight;
    }

    /**
     * Of {@code tenants}, those with a run still to finish (pending, dispatched, running) in a rollout
     * other than {@code except} (nullable), with that rollout.
     */
    public static Map<String, UUID> busyElsewhere(SqlClient tx, Collection<String> tenants, UUID except) {
        Map<String, UUID> busy = new TreeMap<>();
        for (Row row : Db.query(
                tx,
                "select tenant_id, rollout_id from runs where tenant_id = any($1) and state = any($2)"
                        + " and ($3::uuid is null or rollout_id <> $3)",
                Tuple.of(
                        tenants.toArray(String[]::new),
                        new Integer[] {RunState.PENDING.code(), RunState.DISPATCHED.code(), RunState.RUNNING.code()},
                        except))) {
            busy.put(row.getString(0), row.getUUID(1));
        }
        return busy;
    }
}
