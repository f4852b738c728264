package dev.flotilla.coordinator.store;

import dev.flotilla.coordinator.plan.Concurrency;
import dev.flotilla.coordinator.repair.RepairState;
import dev.flotilla.coordinator.rollout.RolloutState;
import dev.flotilla.coordinator.rollout.RunCounts;
import dev.flotilla.coordinator.rollout.RunState;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.Topics;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Runs, one tenant's part of a rollout each, inside the caller's transaction. */
public final class RunStore {

    /** The codes of the states that hold a slot (dispatched, running), for {@code state = any($n)}. */
    static final Integer[] IN_FLIGHT = {RunState.DISPATCHED.code(), RunState.RUNNING.code()};

    private RunStore() {}

    /** A run waiting for a slot. */
    public record PendingRun(UUID id, String tenant, String site, int wave, List<Version> steps) {}

    /** A run as a rollout creates it; {@code message} (nullable) says why a run starts blocked. */
    public record NewRun(
            UUID id, String tenant, String site, int wave, List<Version> steps, RunState state, String message) {}

    /** A run's owner and state. */
    public record RunRow(UUID id, UUID rollout, String tenant, RunState state) {}

    public static void insertRuns(SqlClient tx, UUID rollout, List<NewRun> runs, Instant at) {
        if (runs.isEmpty()) {
            return;
        }
        List<Tuple> batch = new ArrayList<>();
        for (NewRun run : runs) {
            batch.add(Tuple.from(new Object[] {
                run.id(),
                rollout,
                run.tenant(),
                run.site(),
                run.wave(),
                VersionTexts.texts(run.steps()),
                run.state().code(),
                run.message(),
                Times.utc(at),
                run.state().terminal() ? Times.utc(at) : null
            }));
        }
        tx.preparedQuery("insert into runs (run_id, rollout_id, tenant_id, site, wave, steps, state, message,"
                        + " created_at, finished_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                .executeBatch(batch)
                .await()
                .indefinitely();
    }

    public static RunCounts counts(SqlClient client, UUID rollout) {
        Map<RunState, Integer> counts = new EnumMap<>(RunState.class);
        for (Row row : Db.query(
                client, "select state, count(*) from runs where rollout_id = $1 group by state", Tuple.of(rollout))) {
            counts.merge(RunState.fromCode(row.getInteger(0)), row.getInteger(1), Integer::sum);
        }
        return new RunCounts(counts);
    }

    /** How many runs of each of {@code rollouts} are in each state, in one query; a rollout without runs has none. */
    public static Map<UUID, RunCounts> countsOf(SqlClient client, List<UUID> rollouts) {
        Map<UUID, Map<RunState, Integer>> counts = new HashMap<>();
        for (Row row : Db.query(
                client,
                "select rollout_id, state, count(*) from runs where rollout_id = any($1) group by rollout_id, state",
                Tuple.of(rollouts.toArray(UUID[]::new)))) {
            counts.computeIfAbsent(row.getUUID(0), r -> new EnumMap<>(RunState.class))
                    .merge(RunState.fromCode(row.getInteger(1)), row.getInteger(2), Integer::sum);
        }
        Map<UUID, RunCounts> byRollout = new HashMap<>();
        for (UUID rollout : rollouts) {
            byRollout.put(rollout, new RunCounts(counts.getOrDefault(rollout, Map.of())));
        }
        return byRollout;
    }

    /** How many runs of each wave are in each state. */
    public static Map<Integer, RunCounts> countsByWave(SqlClient client, UUID rollout) {
        Map<Integer, Map<RunState, Integer>> counts = new TreeMap<>();
        for (Row row : Db.query(
                client,
                "select wave, state, count(*) from runs where rollout_id = $1 group by wave, state",
                Tuple.of(rollout))) {
            counts.computeIfAbsent(row.getInteger(0), w -> new EnumMap<>(RunState.class))
                    .merge(RunState.fromCode(row.getInteger(1)), row.getInteger(2), Integer::sum);
        }
        Map<Integer, RunCounts> byWave = new TreeMap<>();
        counts.forEach((wave, byState) -> byWave.put(wave, new RunCounts(byState)));
        return byWave;
    }

    /** The rollout's runs in flight, by wave and by site. */
    public static Concurrency.InFlight inFlight(SqlClient client, UUID rollout) {
        int total = 0;
        Map<Integer, Integer> byWave = new HashMap<>();
        Map<String, Integer> bySite = new HashMap<>();
        for (Row row : Db.query(
                client,
                "select wave, site, count(*) from runs where rollout_id = $1 and state = any($2) group by wave, site",
                Tuple.of(rollout, IN_FLIGHT))) {
            int count = row.getInteger(2);
            total += count;
            byWave.merge(row.getInteger(0), count, Integer::sum);
            bySite.merge(row.getString(1), count, Integer::sum);
        }
        return new Concurrency.InFlight(total, byWave, bySite);
    }

    /**
     * The rollout's pending runs a dispatch may pick from: the first {@code perSite} of each site, by
     * wave then tenant id, so dispatch order is predictable and a full site never hides another site's
     * runs. Ordered by wave first, so the runs of waves up to any wave are a prefix of each site's share.
     * A tenant with a repair its agent has not answered waits: its runs are left out until then.
     */
    public static List<PendingRun> pending(SqlClient tx, UUID rollout, List<String> sites, int perSite) {
        List<PendingRun> runs = new ArrayList<>();
        for (Row row : Db.query(
                tx,
                "select p.* from unnest($2::text[]) as s(site) cross join lateral (select run_id, tenant_id, site,"
                        + " wave, steps from runs where rollout_id = $1 and state = " + RunState.PENDING.code()
                        + " and site = s.site and not exists (select 1 from repairs p where p.tenant_id = runs.tenant_id"
                        + " and p.state = " + RepairState.REQUESTED.code() + ") order by wave, tenant_id limit $3) p"
                        + " order by p.wave, p.tenant_id",
                Tuple.of(rollout, sites.toArray(String[]::new), perSite))) {
            runs.add(pendingRun(row));
        }
        return runs;
    }

    static PendingRun pendingRun(Row row) {
        return new PendingRun(
                row.getUUID("run_id"),
                row.getString("tenant_id"),
                row.getString("site"),
                row.getInteger("wave"),
                VersionTexts.versions(row.getArrayOfStrings("steps")));
    }

    private static RunRow runRow(Row row) {
        return new RunRow(
                row.getUUID("run_id"),
                row.getUUID("rollout_id"),
                row.getString("tenant_id"),
                RunState.fromCode(row.getInteger("state")));
    }

    /** Moves runs to a state; {@code message} and the timestamps are set as the state implies. */
    public static void setRunState(SqlClient tx, List<UUID> runs, RunState state, String message, Instant at) {
        Db.query(
                tx,
                "update runs set state = $2::smallint, message = coalesce($3, message),"
                        + " dispatched_at = case when $2::smallint = " + RunState.DISPATCHED.code()
                        + " then $4 else dispatched_at end,"
                        + " heard_at = case when $2::smallint = " + RunState.DISPATCHED.code()
                        + " then $4 else heard_at end,"
                        + " sends = sends + case when $2::smallint = " + RunState.DISPATCHED.code()
                        + " then 1 else 0 end,"
                        + " finished_at = case when $5 then $4 else finished_at end"
                        + " where run_id = any($1)",
                Tuple.from(new Object[] {
                    runs.toArray(UUID[]::new), (short) state.code(), message, Times.utc(at), state.terminal()
                }));
    }

    /**
     * Records that agents reported on these runs, which are then not quiet, and returns them, locked for
     * the rest of the transaction; unknown runs are absent from the map.
     */
    public static Map<UUID, RunRow> heardFromAll(SqlClient tx, Collection<UUID> runs, Instant at) {
        Map<UUID, RunRow> found = new HashMap<>();
        if (runs.isEmpty()) {
            return found;
        }
        for (Row row : Db.query(
                tx,
                "update runs set heard_at = $2 where run_id in (select * from unnest($1::uuid[]))"
                        + " returning run_id, rollout_id, tenant_id, state",
                Tuple.of(runs.stream().sorted().toArray(UUID[]::new), Times.utc(at)))) {
            RunRow run = runRow(row);
            found.put(run.id(), run);
        }
        return found;
    }

    /**
     * A run's new state as reported by its agent, with the agent's message and the agent that started
     * it (both nullable: null keeps what the run has).
     */
    public record RunChange(UUID run, RunState state, String message, String agent) {}

    /** Writes many runs' reported states in one statement; timestamps as {@link #setRunState} sets them. */
    public static void setRunStates(SqlClient tx, Collection<RunChange> changes, Instant at) {
        if (changes.isEmpty()) {
            return;
        }
        List<RunChange> list = List.copyOf(changes);
        Db.query(
                tx,
                "update runs r set state = u.state, message = coalesce(u.message, r.message),"
                        + " finished_at = case when u.terminal then $5 else r.finished_at end,"
                        + " agent_id = coalesce(u.agent, r.agent_id)"
                        + " from unnest($1::uuid[], $2::smallint[], $3::text[], $4::bool[], $6::text[])"
                        + " as u(run_id, state, message, terminal, agent) where r.run_id = u.run_id",
                Tuple.from(new Object[] {
                    list.stream().map(RunChange::run).toArray(UUID[]::new),
                    list.stream().map(c -> c.state().code()).toArray(Integer[]::new),
                    list.stream().map(RunChange::message).toArray(String[]::new),
                    list.stream().map(c -> c.state().terminal()).toArray(Boolean[]::new),
                    Times.utc(at),
                    list.stream().map(RunChange::agent).toArray(String[]::new)
                }));
    }

    /** An in-flight run that has been quiet, in {@code state}, of a rollout in {@code rolloutState}. */
    public record QuietRun(
            UUID rollout,
            String planId,
            Direction direction,
            PendingRun run,
            RunState state,
            int sends,
            RolloutState rolloutState) {}

    /**
     * Up to {@code limit} in-flight runs not heard of since {@code before} and with no command for their
     * tenant still waiting in the outbox; locked, skipping runs locked by someone else.
     */
    public static List<QuietRun> quiet(SqlClient tx, Instant before, int limit) {
        List<QuietRun> runs = new ArrayList<>();
        for (Row row : Db.query(
                tx,
                "select r.run_id, r.rollout_id, o.plan_id, o.direction, o.state as rollout_state, r.tenant_id, r.site,"
                        + " r.wave,"
                        + " r.steps, r.state, r.sends from runs r"
                        + " join rollouts o using (rollout_id) where r.state in (" + RunState.DISPATCHED.code() + ", "
                        + RunState.RUNNING.code() + ") and r.heard_at < $1"
                        + " and not exists (select 1 from outbox b where b.msg_key = r.tenant_id"
                        + " and b.topic = '" + Topics.COMMANDS_PREFIX + "' || r.site)"
                        + " order by r.heard_at limit $2 for update of r skip locked",
                Tuple.of(Times.utc(before), limit))) {
            runs.add(new QuietRun(
                    row.getUUID("rollout_id"),
                    row.getString("plan_id"),
                    Directions.of(row.getInteger("direction")),
                    pendingRun(row),
                    RunState.fromCode(row.getInteger("state")),
                    row.getInteger("sends"),
                    RolloutState.fromCode(row.getInteger("rollout_state"))));
        }
        return runs;
    }

    /** Sets a pending run's steps, as its dispatch settled them, and its message (null keeps it). */
    public static void setSteps(SqlClient tx, UUID run, List<Version> steps, String message) {
        Db.query(
                tx,
                "update runs set steps = $2, message = coalesce($3, message) where run_id = $1",
                Tuple.of(run, VersionTexts.texts(steps), message));
    }

    /** Records that a quiet run's command was sent again. */
    public static void resent(SqlClient tx, UUID run, String message, Instant at) {
        Db.query(
                tx,
                "update runs set sends = sends + 1, heard_at = $2, message = $3 where run_id = $1",
                Tuple.of(run, Times.utc(at), message));
    }

    /** The rollouts with a run of the tenant still waiting for a slot. */
    public static List<UUID> rolloutsWaitingFor(SqlClient tx, String tenant) {
        List<UUID> rollouts = new ArrayList<>();
        for (Row row : Db.query(
                tx,
                "select distinct rollout_id from runs where tenant_id = $1 and state = " + RunState.PENDING.code(),
                Tuple.of(tenant))) {
            rollouts.add(row.getUUID(0));
        }
        return rollouts;
    }

    /** Whether the tenant has a run that is dispatched or running, in any rollout. */
    public static boolean hasRunInFlight(SqlClient tx, String tenant) {
        return Db.query(
                        tx,
                        "select exists (select 1 from runs where tenant_id = $1 and state = any($2))",
                        Tuple.of(tenant, IN_FLIGHT))
                .iterator()
                .next()
                .getBoolean(0);
    }
}
