package dev.flotilla.coordinator.store;

import dev.flotilla.coordinator.rollout.ActionRecord;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The audit trail of a rollout: operators' actions and the engine's halts, inside the caller's transaction. */
public final class ActionStore {

    private ActionStore() {}

    public static void record(SqlClient tx, UUID rollout, ActionRecord action) {
        Db.query(
                tx,
                "insert into rollout_actions (rollout_id, at, actor, action, tenant_id, reason)"
                        + " values ($1, $2, $3, $4, $5, $6)",
                Tuple.from(new Object[] {
                    rollout, Times.utc(action.at()), action.actor(), action.action(), action.tenant(), action.reason()
                }));
    }

    /** Who started the rollout; null for a rollout without a recorded start. */
    public static String startedBy(SqlClient client, UUID rollout) {
        var rows = Db.query(
                client,
                "select actor from rollout_actions where rollout_id = $1 and action = 'start' order by seq limit 1",
                Tuple.of(rollout));
        return rows.rowCount() == 0 ? null : rows.iterator().next().getString(0);
    }

    /** Who started each of {@code rollouts}; a rollout without a recorded start is absent. */
    public static Map<UUID, String> startersOf(SqlClient client, List<UUID> rollouts) {
        Map<UUID, String> starters = new HashMap<>();
        for (Row row : Db.query(
                client,
                "select distinct on (rollout_id) rollout_id, actor from rollout_actions"
                        + " where rollout_id = any($1) and action = 'start' order by rollout_id, seq",
                Tuple.of(rollouts.toArray(UUID[]::new)))) {
            starters.put(row.getUUID(0), row.getString(1));
        }
        return starters;
    }

    public static List<ActionRecord> actions(SqlClient client, UUID rollout) {
        List<ActionRecord> actions = new ArrayList<>();
        for (Row row : Db.query(
                client,
                "select at, actor, action, tenant_id, reason from rollout_actions where rollout_id = $1 order by seq",
                Tuple.of(rollout))) {
            actions.add(new ActionRecord(
                    Times.instant(row.getOffsetDateTime("at")),
                    row.getString("actor"),
                    row.getString("action"),
                    row.getString("tenant_id"),
                    row.getString("reason")));
        }
        return actions;
    }
}
