package dev.flotilla.coordinator.store;

import dev.flotilla.coordinator.repair.Repair;
import dev.flotilla.coordinator.repair.RepairState;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.RepairAction;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The {@code repairs} table: the audit of every repair and baseline, and how each ended. */
public final class RepairStore {

    private static final String COLUMNS =
            "repair_id, tenant_id, version, action, actor, reason, state, message, requested_at, finished_at";

    private RepairStore() {}

    public static void insert(SqlClient tx, Repair repair, String planId) {
        Db.query(
                tx,
                "insert into repairs (repair_id, tenant_id, version, action, plan_id, actor, reason, state,"
                        + " requested_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                Tuple.from(new Object[] {
                    repair.id(),
                    repair.tenant(),
                    repair.version().text(),
                    repair.action().name(),
                    planId,
                    repair.actor(),
                    repair.reason(),
                    repair.state().code(),
                    Times.utc(repair.requestedAt())
                }));
    }

    /** The codes of the states an agent's report may still end, for {@code state = any($n)}. */
    private static final Integer[] AWAITING = {RepairState.REQUESTED.code(), RepairState.UNANSWERED.code()};

    /**
     * Ends a repair as its agent reports; false when it awaits no report (unknown, or already ended).
     */
    public static boolean finish(SqlClient tx, UUID repair, RepairState state, String message, Instant at) {
        return Db.query(
                                tx,
                                "update repairs set state = $2, message = $3, finished_at = $4"
                                        + " where repair_id = $1 and state = any($5)",
                                Tuple.of(repair, state.code(), message, Times.utc(at), AWAITING))
                        .rowCount()
                > 0;
    }

    /** A tenant and its site. */
    public record TenantSite(String tenant, String site) {}

    /** Marks the repairs requested before {@code before} unanswered; returns their tenants. */
    public static List<TenantSite> expire(SqlClient tx, Instant before, String message, Instant at) {
        List<TenantSite> tenants = new ArrayList<>();
        for (Row row : Db.query(
                tx,
                "update repairs r set state = $1, message = $2, finished_at = $3 from tenants t"
                        + " where t.tenant_id = r.tenant_id and r.state = $4 and r.requested_at < $5"
                        + " returning r.tenant_id, t.site",
                Tuple.of(
                        RepairState.UNANSWERED.code(),
                        message,
                        Times.utc(at),
                        RepairState.REQUESTED.code(),
                        Times.utc(before)))) {
            tenants.add(new TenantSite(row.getString(0), row.getString(1)));
        }
        return tenants;
    }

    /** Whether the tenant has a repair its agent has not answered yet. */
    public static boolean hasOpen(SqlClient tx, String tenant) {
        return Db.query(
                        tx,
                        "select exists (select 1 from repairs where tenant_id = $1 and state = $2)",
                        Tuple.of(tenant, RepairState.REQUESTED.code()))
                .iterator()
                .next()
                .getBoolean(0);
    }

    /** Those of these tenants that have a repair their agent has not answered yet. */
    public static Set<String> openAmong(SqlClient tx, Collection<String> tenants) {
        Set<String> open = new HashSet<>();
        for (Row row : Db.query(
                tx,
                "select distinct tenant_id from repairs where tenant_id = any($1) and state = $2",
                Tuple.of(tenants.toArray(String[]::new), RepairState.REQUESTED.code()))) {
            open.add(row.getString(0));
        }
        return open;
    }

    public static Optional<Repair> find(SqlClient client, UUID repair) {
        return rows(client, "select " + COLUMNS + " from repairs where repair_id = $1", Tuple.of(repair)).stream()
                .findFirst();
    }

    /** The newest repairs first, of one tenant or of every tenant when {@code tenant} is null. */
    public static List<Repair> latest(SqlClient client, String tenant, int limit) {
        return rows(
                client,
                "select " + COLUMNS + " from repairs where ($1::text is null or tenant_id = $1)"
                        + " order by requested_at desc, repair_id limit $2",
                Tuple.of(tenant, limit));
    }

    private static List<Repair> rows(SqlClient client, String sql, Tuple args) {
        List<Repair> rows = new ArrayList<>();
        for (Row row : Db.query(client, sql, args)) {
            rows.add(new Repair(
                    row.getUUID("repair_id"),
                    row.getString("tenant_id"),
                    Version.of(row.getString("version")),
                    RepairAction.valueOf(row.getString("action")),
                    row.getString("actor"),
                    row.getString("reason"),
                    RepairState.fromCode(row.getInteger("state")),
                    row.getString("message"),
                    Times.instant(row.getOffsetDateTime("requested_at")),
                    row.getOffsetDateTime("finished_at") == null
                            ? null
                            : Times.instant(row.getOffsetDateTime("finished_at"))));
        }
        return rows;
    }
}
