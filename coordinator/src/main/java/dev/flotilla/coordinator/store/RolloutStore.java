package dev.flotilla.coordinator.store;

import dev.flotilla.coordinator.rollout.RolloutState;
import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.WireCodec;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Plans and rollouts, inside the caller's transaction; their runs are in {@link RunStore}. */
public final class RolloutStore {

    private RolloutStore() {}

    /** A rollout's stored fields. */
    public record RolloutRow(
            UUID id,
            String planId,
            String targetVersion,
            RolloutState state,
            int maxParallel,
            Instant createdAt,
            Instant finishedAt) {}

    private static final String ROLLOUT_COLUMNS =
            "rollout_id, plan_id, target_version, state, max_parallel, created_at, finished_at";

    /**
     * Stores a plan, or its new body when it is stored with another one (a plan keeps its id, the hash of
     * its content, when it is signed for the first time or with a new key); true when the plan must be
     * published.
     */
    public static boolean storePlan(SqlClient tx, PlanPublished plan, String target, Instant at) {
        return Db.query(
                                tx,
                                "insert into plans (plan_id, target_version, body, created_at) values ($1, $2, $3, $4)"
                                        + " on conflict (plan_id) do update set body = excluded.body"
                                        + " where plans.body is distinct from excluded.body",
                                Tuple.of(
                                        plan.planId(),
                                        target,
                                        Buffer.buffer(WireCodec.mapper()
                                                .valueToTree(plan)
                                                .toString()),
                                        Times.utc(at)))
                        .rowCount()
                > 0;
    }

    public static void insertRollout(SqlClient tx, RolloutRow rollout) {
        Db.query(
                tx,
                "insert into rollouts (" + ROLLOUT_COLUMNS + ") values ($1, $2, $3, $4, $5, $6, $7)",
                Tuple.from(new Object[] {
                    rollout.id(),
                    rollout.planId(),
                    rollout.targetVersion(),
                    rollout.state().code(),
                    rollout.maxParallel(),
                    Times.utc(rollout.createdAt()),
                    Times.utc(rollout.finishedAt())
                }));
    }

    /** The rollout, locked for the rest of the transaction so dispatch decisions do not race. */
    public static Optional<RolloutRow> lock(SqlClient tx, UUID id) {
        return rollout(tx, "select " + ROLLOUT_COLUMNS + " from rollouts where rollout_id = $1 for update", id);
    }

    public static Optional<RolloutRow> find(SqlClient client, UUID id) {
        return rollout(client, "select " + ROLLOUT_COLUMNS + " from rollouts where rollout_id = $1", id);
    }

    public static List<RolloutRow> recent(SqlClient client, int limit) {
        List<RolloutRow> rollouts = new ArrayList<>();
        for (Row row : Db.query(
                client,
                "select " + ROLLOUT_COLUMNS + " from rollouts order by created_at desc limit $1",
                Tuple.of(limit))) {
            rollouts.add(rollout(row));
        }
        return rollouts;
    }

    private static Optional<RolloutRow> rollout(SqlClient client, String sql, UUID id) {
        var rows = Db.query(client, sql, Tuple.of(id));
        return rows.rowCount() == 0
                ? Optional.empty()
                : Optional.of(rollout(rows.iterator().next()));
    }

    private static RolloutRow rollout(Row row) {
        return new RolloutRow(
                row.getUUID("rollout_id"),
                row.getString("plan_id"),
                row.getString("target_version"),
                RolloutState.fromCode(row.getInteger("state")),
                row.getInteger("max_parallel"),
                Times.instant(row.getOffsetDateTime("created_at")),
                Times.instant(row.getOffsetDateTime("finished_at")));
    }

    public static void setState(SqlClient tx, UUID rollout, RolloutState state, Instant finishedAt) {
        Db.query(
                tx,
                "update rollouts set state = $2, finished_at = $3 where rollout_id = $1",
                Tuple.of(rollout, state.code(), Times.utc(finishedAt)));
    }
}
