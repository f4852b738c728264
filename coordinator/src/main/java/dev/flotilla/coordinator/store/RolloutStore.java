package dev.flotilla.coordinator.store;

import dev.flotilla.coordinator.plan.Concurrency;
import dev.flotilla.coordinator.plan.FailureBudget;
import dev.flotilla.coordinator.plan.OnBreach;
import dev.flotilla.coordinator.rollout.Rollout;
import dev.flotilla.coordinator.rollout.RolloutState;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.WireCodec;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Plans and rollouts, inside the caller's transaction; their runs are in {@link RunStore}. */
public final class RolloutStore {

    private RolloutStore() {}

    private static final String ROLLOUT_COLUMNS = "rollout_id, plan_id, target, target_version, state, max_parallel,"
            + " per_site, per_wave, budget_count, budget_percent, sites, current_wave, reason, wake_at, created_at,"
            + " finished_at, direction, undoes, on_breach, allow_irreversible";

    /**
     * Stores a plan, or its new body when it is stored with another one (a plan keeps its id, the hash of
     * its content, when it is signed for the first time or with a new key); true when the plan must be
     * published.
     */
    public static boolean storePlan(SqlClient tx, PlanPublished plan, Version target, Instant at) {
        return Db.query(
                                tx,
                                "insert into plans (plan_id, target_version, body, created_at) values ($1, $2, $3, $4)"
                                        + " on conflict (plan_id) do update set body = excluded.body"
                                        + " where plans.body is distinct from excluded.body",
                                Tuple.of(
                                        plan.planId(),
                                        target.text(),
                                        Buffer.buffer(WireCodec.mapper()
                                                .valueToTree(plan)
                                                .toString()),
                                        Times.utc(at)))
                        .rowCount()
                > 0;
    }

    public static void insertRollout(SqlClient tx, Rollout rollout) {
        Db.query(
                tx,
                "insert into rollouts (" + ROLLOUT_COLUMNS + ") values"
                        + " ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
                Tuple.from(new Object[] {
                    rollout.id(),
                    rollout.planId(),
                    Jsonb.of(rollout.target()),
                    rollout.targetVersion().text(),
                    rollout.state().code(),
                    rollout.concurrency().fleet(),
                    rollout.concurrency().perSite(),
                    rollout.concurrency().perWave(),
                    rollout.budget().count(),
                    rollout.budget().percent(),
                    rollout.sites().toArray(String[]::new),
                    rollout.currentWave(),
                    rollout.reason(),
                    Times.utc(rollout.wakeAt()),
                    Times.utc(rollout.createdAt()),
                    Times.utc(rollout.finishedAt()),
                    Directions.code(rollout.direction()),
                    rollout.undoes(),
                    (short) rollout.onBreach().code(),
                    rollout.allowIrreversible()
                }));
    }

    /** The rollout, locked for the rest of the transaction so dispatch decisions do not race. */
    public static Optional<Rollout> lock(SqlClient tx, UUID id) {
        return rollout(tx, "select " + ROLLOUT_COLUMNS + " from rollouts where rollout_id = $1 for update", id);
    }

    public static Optional<Rollout> find(SqlClient client, UUID id) {
        return rollout(client, "select " + ROLLOUT_COLUMNS + " from rollouts where rollout_id = $1", id);
    }

    public static List<Rollout> recent(SqlClient client, RolloutState state, int limit) {
        return rollouts(
                client,
                "select " + ROLLOUT_COLUMNS + " from rollouts where ($2::smallint is null or state = $2)"
                        + " order by created_at desc limit $1",
                Tuple.of(limit, state == null ? null : (short) state.code()));
    }

    /** The rollbacks of {@code rollout}, oldest first. */
    public static List<Rollout> rollbacksOf(SqlClient client, UUID rollout) {
        return rollouts(
                client,
                "select " + ROLLOUT_COLUMNS + " from rollouts where undoes = $1 order by created_at, rollout_id",
                Tuple.of(rollout));
    }

    private static List<Rollout> rollouts(SqlClient client, String sql, Tuple args) {
        List<Rollout> rollouts = new ArrayList<>();
        for (Row row : Db.query(client, sql, args)) {
            rollouts.add(rollout(row));
        }
        return rollouts;
    }

    private static Optional<Rollout> rollout(SqlClient client, String sql, UUID id) {
        var rows = Db.query(client, sql, Tuple.of(id));
        return rows.rowCount() == 0
                ? Optional.empty()
                : Optional.of(rollout(rows.iterator().next()));
    }

    private static Rollout rollout(Row row) {
        return new Rollout(
                row.getUUID("rollout_id"),
                row.getString("plan_id"),
                Jsonb.strings(row.getJsonObject("target")),
                Version.of(row.getString("target_version")),
                RolloutState.fromCode(row.getInteger("state")),
                new Concurrency(row.getInteger("max_parallel"), row.getInteger("per_site"), row.getInteger("per_wave")),
                new FailureBudget(row.getInteger("budget_count"), row.getInteger("budget_percent")),
                List.of(row.getArrayOfStrings("sites")),
                row.getInteger("current_wave"),
                row.getString("reason"),
                Times.instant(row.getOffsetDateTime("wake_at")),
                Times.instant(row.getOffsetDateTime("created_at")),
                Times.instant(row.getOffsetDateTime("finished_at")),
                Directions.of(row.getInteger("direction")),
                row.getUUID("undoes"),
                OnBreach.fromCode(row.getInteger("on_breach")),
                row.getBoolean("allow_irreversible"));
    }

    /** Moves the rollout to a state, saying why (null: no reason to show); a terminal state sets finished_at. */
    public static void setState(SqlClient tx, UUID rollout, RolloutState state, String reason, Instant at) {
        Db.query(
                tx,
                "update rollouts set state = $2, reason = $3, wake_at = null, finished_at = $4 where rollout_id = $1",
                Tuple.of(rollout, state.code(), reason, state.terminal() ? Times.utc(at) : null));
    }

    /**
     * Records why a running rollout waits (null: it does not) and when the clock alone ends the wait
     * (null: an event or an operator must), or what followed a halt, without changing its state.
     */
    public static void setReason(SqlClient tx, UUID rollout, String reason, Instant wakeAt) {
        Db.query(
                tx,
                "update rollouts set reason = $2, wake_at = $3 where rollout_id = $1",
                Tuple.of(rollout, reason, Times.utc(wakeAt)));
    }

    public static void setCurrentWave(SqlClient tx, UUID rollout, int wave) {
        Db.query(tx, "update rollouts set current_wave = $2 where rollout_id = $1", Tuple.of(rollout, wave));
    }

    /**
     * The running rollouts whose wait ends by the clock alone by {@code now} (all running ones when
     * {@code all}), sorted by id; read outside any transaction.
     */
    public static List<UUID> runningToPace(Db db, boolean all, Instant now) {
        List<UUID> running = new ArrayList<>();
        for (Row row : db.query(
                "select rollout_id from rollouts where state = $1 and ($2 or wake_at <= $3) order by rollout_id",
                Tuple.of(RolloutState.RUNNING.code(), all, Times.utc(now)))) {
            running.add(row.getUUID(0));
        }
        return running;
    }

    /** The codes of the states of a rollout that is not over, for {@code state = any($n)}. */
    private static final Integer[] OPEN = {
        RolloutState.RUNNING.code(), RolloutState.PAUSED.code(), RolloutState.HALTED.code()
    };

    /** A rollback of {@code rollout} that has not ended (running, paused or halted), if any. */
    public static Optional<UUID> openRollbackOf(SqlClient tx, UUID rollout) {
        for (Row row : Db.query(
                tx,
                "select rollout_id from rollouts where undoes = $1 and state = any($2) limit 1",
                Tuple.of(rollout, OPEN))) {
            return Optional.of(row.getUUID(0));
        }
        return Optional.empty();
    }

    /** The open rollbacks (running, paused or halted) of any of these rollouts. */
    public static List<UUID> openRollbacksOf(SqlClient tx, Collection<UUID> rollouts) {
        List<UUID> open = new ArrayList<>();
        if (rollouts.isEmpty()) {
            return open;
        }
        for (Row row : Db.query(
                tx,
                "select rollout_id from rollouts where undoes = any($1) and state = any($2)",
                Tuple.of(rollouts.toArray(UUID[]::new), OPEN))) {
            open.add(row.getUUID(0));
        }
        return open;
    }

    /** The versions of a stored plan's steps, in order. */
    public static List<Version> planVersions(SqlClient client, String planId) {
        List<Version> versions = new ArrayList<>();
        for (Row row : Db.query(
                client,
                "select s.step->>'version' from plans p, jsonb_array_elements(convert_from(p.body, 'UTF8')::jsonb"
                        + " -> 'steps') with ordinality as s(step, n) where p.plan_id = $1 order by s.n",
                Tuple.of(planId))) {
            versions.add(Version.of(row.getString(0)));
        }
        return versions;
    }
}
