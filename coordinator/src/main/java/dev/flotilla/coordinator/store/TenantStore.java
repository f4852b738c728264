package dev.flotilla.coordinator.store;

import dev.flotilla.coordinator.plan.RolloutLayout;
import dev.flotilla.coordinator.rollout.RunState;
import dev.flotilla.model.wire.Direction;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Tenants and agents as their inventories and heartbeats describe them. */
@ApplicationScoped
public class TenantStore {

    /**
     * A tenant's labels: those its agent reported, with operators' overrides on top (a null override
     * removes the label). As SQL over the {@code tenants} table.
     */
    /** A tenant's effective labels in SQL: those its agent reports, with operators' overrides on top. */
    static final String LABELS = "jsonb_strip_nulls(labels || label_overrides)";

    /** A tenant as the API lists it; {@code labels} are the effective ones, sorted by key. */
    public record TenantRow(
            String id,
            String site,
            String agent,
            Map<String, String> labels,
            String currentVersion,
            boolean dirty,
            Instant lastInventoryAt) {}

    /** A tenant as a selection sees it: its id, site and effective labels, sorted by key. */
    public record MemberRow(String id, String site, Map<String, String> labels) {}

    private final Db db;

    public TenantStore(Db db) {
        this.db = db;
    }

    public static void upsertTenant(
            SqlClient tx, String tenant, String site, String agent, Map<String, String> labels, Instant at) {
        Db.query(
                tx,
                "insert into tenants (tenant_id, site, agent_id, labels, last_inventory_at) values ($1, $2, $3, $4, $5)"
                        + " on conflict (tenant_id) do update set site = excluded.site, agent_id = excluded.agent_id,"
                        + " labels = excluded.labels, last_inventory_at = excluded.last_inventory_at",
                Tuple.of(tenant, site, agent, Jsonb.of(labels), Times.utc(at)));
    }

    /**
     * Records an agent's heartbeat. It was last seen when it sent the heartbeat, but never later than
     * the database's now: an agent whose clock runs ahead does not look alive for longer than it is.
     */
    public void upsertAgent(String agent, String site, int capacity, String version, int tenants, Instant at) {
        db.query(
                "insert into agents (agent_id, site, capacity, version, tenants, last_seen)"
                        + " values ($1, $2, $3, $4, $5, least($6, now()))"
                        + " on conflict (agent_id) do update set site = excluded.site, capacity = excluded.capacity,"
                        + " version = excluded.version, tenants = excluded.tenants, last_seen = excluded.last_seen",
                Tuple.from(new Object[] {agent, site, capacity, version, tenants, Times.utc(at)}));
    }

    /**
     * An agent as its last heartbeat described it.
     *
     * @param silentFor how long ago, by the database's clock, that heartbeat was sent
     */
    public record AgentRow(
            String id, String site, int capacity, String version, int tenants, Instant lastSeen, Duration silentFor) {}

    /** Every agent that ever sent a heartbeat, by site, then id. */
    public List<AgentRow> agents() {
        List<AgentRow> agents = new ArrayList<>();
        for (Row row : db.query(
                "select agent_id, site, capacity, version, tenants, last_seen,"
                        + " (extract(epoch from now() - last_seen) * 1000)::bigint as silent_ms"
                        + " from agents order by site, agent_id",
                Tuple.tuple())) {
            agents.add(new AgentRow(
                    row.getString("agent_id"),
                    row.getString("site"),
                    row.getInteger("capacity"),
                    row.getString("version"),
                    row.getInteger("tenants"),
                    Times.instant(row.getOffsetDateTime("last_seen")),
                    Duration.ofMillis(Math.max(0, row.getLong("silent_ms")))));
        }
        return agents;
    }

    private static final String SELECT_ROWS = "select t.tenant_id, t.site, t.agent_id, " + LABELS
            + " as labels, t.last_inventory_at,"
            + " (select m.version from cells c join migrations m using (version)"
            + "   where c.tenant_id = t.tenant_id and c.state in (2, 6) order by m.position desc limit 1) as current,"
            + " exists (select 1 from cells c where c.tenant_id = t.tenant_id and c.state in (4, 5)) as dirty"
            + " from tenants t";

    /**
     * The tenants a rollout is laid out over, sorted by id, with their sites and effective labels:
     * every tenant, or only those {@code listed} (unknown ones are simply absent).
     */
    public static List<RolloutLayout.Tenant> forLayout(SqlClient tx, Optional<List<String>> listed) {
        List<RolloutLayout.Tenant> tenants = new ArrayList<>();
        for (Row row : Db.query(
                tx,
                "select tenant_id, site, " + LABELS + " as labels from tenants"
                        + " where $1::text[] is null or tenant_id = any($1)"
                        + " order by tenant_id",
                Tuple.of(listed.map(t -> t.toArray(String[]::new)).orElse(null)))) {
            tenants.add(new RolloutLayout.Tenant(
                    row.getString("tenant_id"), row.getString("site"), Jsonb.strings(row.getJsonObject("labels"))));
        }
        return tenants;
    }

    /** Every site with a known tenant, sorted. */
    public static List<String> sites(SqlClient tx) {
        List<String> sites = new ArrayList<>();
        for (Row row : Db.query(tx, "select distinct site from tenants order by site", Tuple.tuple())) {
            sites.add(row.getString(0));
        }
        return sites;
    }

    /** Every tenant, sorted by id, with its highest applied version (by catalog position). */
    public List<TenantRow> list() {
        return rows(SELECT_ROWS + " order by t.tenant_id", Tuple.tuple());
    }

    /**
     * Every tenant, sorted by id, with only what a selector and a grouping read: one pass over the
     * tenants, none over their cells (what {@link #list} adds costs a look at every cell).
     */
    public List<MemberRow> members() {
        List<MemberRow> members = new ArrayList<>();
        for (Row row : db.query(
                "select tenant_id, site, " + LABELS + " as labels from tenants order by tenant_id", Tuple.tuple())) {
            members.add(new MemberRow(
                    row.getString("tenant_id"), row.getString("site"), Jsonb.strings(row.getJsonObject("labels"))));
        }
        return members;
    }

    /** The tenant's site; empty when the tenant is unknown. */
    public static Optional<String> siteOf(SqlClient tx, String tenant) {
        var rows = Db.query(tx, "select site from tenants where tenant_id = $1", Tuple.of(tenant));
        return rows.rowCount() == 0
                ? Optional.empty()
                : Optional.of(rows.iterator().next().getString(0));
    }

    /** One run of a tenant, with its rollout's direction, its times and the agent that ran it (null until one started it). */
    public record TenantRunRow(
            UUID run,
            UUID rollout,
            Direction direction,
            List<String> steps,
            RunState state,
            String message,
            Instant createdAt,
            Instant dispatchedAt,
            Instant finishedAt,
            String agent) {}

    /** The tenant's {@code limit} most recent runs, of every rollout, newest first. */
    public List<TenantRunRow> runs(String tenant, int limit) {
        List<TenantRunRow> runs = new ArrayList<>();
        for (Row row : db.query(
                "select r.run_id, r.rollout_id, o.direction, r.steps, r.state, r.message, r.created_at,"
                        + " r.dispatched_at, r.finished_at, r.agent_id from runs r join rollouts o using (rollout_id)"
                        + " where r.tenant_id = $1 order by r.created_at desc, r.run_id limit $2",
                Tuple.of(tenant, limit))) {
            runs.add(new TenantRunRow(
                    row.getUUID("run_id"),
                    row.getUUID("rollout_id"),
                    Directions.of(row.getInteger("direction")),
                    List.of(row.getArrayOfStrings("steps")),
                    RunState.fromCode(row.getInteger("state")),
                    row.getString("message"),
                    Times.instant(row.getOffsetDateTime("created_at")),
                    Times.instant(row.getOffsetDateTime("dispatched_at")),
                    Times.instant(row.getOffsetDateTime("finished_at")),
                    row.getString("agent_id")));
        }
        return runs;
    }

    /** One tenant, as {@link #list} shows it. */
    public Optional<TenantRow> find(String tenant) {
        return rows(SELECT_ROWS + " where t.tenant_id = $1", Tuple.of(tenant)).stream()
                .findFirst();
    }

    private List<TenantRow> rows(String sql, Tuple args) {
        List<TenantRow> tenants = new ArrayList<>();
        for (Row row : db.query(sql, args)) {
            tenants.add(new TenantRow(
                    row.getString("tenant_id"),
                    row.getString("site"),
                    row.getString("agent_id"),
                    Jsonb.strings(row.getJsonObject("labels")),
                    row.getString("current"),
                    row.getBoolean("dirty"),
                    Times.instant(row.getOffsetDateTime("last_inventory_at"))));
        }
        return tenants;
    }

    /**
     * Sets operators' label overrides on a tenant: a value sets or replaces the label, null removes it
     * (even one its agent reports). Returns false when the tenant is unknown.
     */
    public boolean overrideLabels(String tenant, Map<String, String> changes) {
        Map<String, Object> json = new HashMap<>(changes);
        return db.query(
                                "update tenants set label_overrides = label_overrides || $2 where tenant_id = $1",
                                Tuple.of(tenant, new JsonObject(json)))
                        .rowCount()
                > 0;
    }
}
