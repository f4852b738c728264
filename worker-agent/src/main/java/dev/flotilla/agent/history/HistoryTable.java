package dev.flotilla.agent.history;

import dev.flotilla.model.catalog.Version;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code flotilla_schema_history} in one tenant: an append-only log, one row per step, so the latest
 * row of a version says whether it is applied. The tenant's own copy of the truth; the coordinator's
 * matrix converges to it. Calls block and must run on a worker thread.
 */
public final class HistoryTable {

    public static final String TABLE = "flotilla_schema_history";
    public static final String UP = "up";
    public static final String DOWN = "down";
    public static final String RUNNING = "running";
    public static final String APPLIED = "applied";
    public static final String DIRTY = "dirty";
    /** {@code kind} of a row a repair wrote; a step's own rows have none. */
    public static final String REPAIR = "repair";
    /** {@code kind} of a row a baseline wrote: recorded applied, never run. */
    public static final String BASELINE = "baseline";

    private static final Pattern IDENTIFIER = Pattern.compile("^[a-z_][a-z0-9_-]{0,62}$");

    /** The unique index that refuses a second apply of a step, see {@link #GENERATION}. */
    public static final String ONCE_INDEX = TABLE + "_once";

    /**
     * The SQL of a new row's {@code generation}: how many applied rows of the version in the other
     * direction come before it. Two applies of a version in one direction with no apply in the other
     * between them (a double apply) have the same generation, which the unique index on {@code (version,
     * direction, generation)} of applied step rows refuses; a re-apply after a down has a higher one.
     * Rows written by repairs and baselines ({@code kind} set) are outside the index: accepting a
     * checksum writes a second applied row on purpose.
     */
    private String generationSql(String version, String direction) {
        return "(select count(*) from " + qualified + " g where g.version = " + version + " and g.direction <> "
                + direction + " and g.state = '" + APPLIED + "')";
    }

    private final String schema;
    private final String qualified;

    /** @param schema the tenant's schema, allow-listed here and quoted in every statement */
    public HistoryTable(String schema) {
        this.schema = checked(schema);
        this.qualified = '"' + schema + "\"." + TABLE;
    }

    /** The batch cursors kept next to this table. */
    public BatchCursors cursors() {
        return new BatchCursors(schema);
    }

    /** The schema name when it is on the allow-list, safe to quote into a statement. */
    public static String checked(String schema) {
        if (!IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException("unsafe schema name '" + schema + "'");
        }
        return schema;
    }

    /**
     * Creates the table, or adds the columns a table created by an older agent lacks ({@link
     * HistoryTableSchema}). One read when the table is current.
     */
    public void ensure(SqlClient client) {
        new HistoryTableSchema(qualified).ensure(client);
    }

    /** True when the table exists; reading a tenant never creates it. */
    public boolean exists(SqlClient client) {
        Row row = client.preparedQuery("select to_regclass($1) is not null")
                .execute(Tuple.of(qualified))
                .await()
                .indefinitely()
                .iterator()
                .next();
        return row.getBoolean(0);
    }

    /** The latest row of each version, in version order; empty when the table does not exist. */
    public Map<Version, HistoryEntry> current(SqlClient client) {
        if (!exists(client)) {
            return Map.of();
        }
        List<HistoryEntry> entries = new ArrayList<>();
        for (Row row : client.query(
                        "select distinct on (version) version, name, checksum, direction, state, applied_at, rollout_id"
                                + " from " + qualified + " order by version, installed_rank desc")
                .execute()
                .await()
                .indefinitely()) {
            entries.add(new HistoryEntry(
                    row.getString("version"),
                    row.getString("name"),
                    row.getString("checksum"),
                    row.getString("direction"),
                    row.getString("state"),
                    row.getOffsetDateTime("applied_at").toInstant(),
                    row.getString("rollout_id")));
        }
        entries.sort((a, b) -> Version.of(a.version()).compareTo(Version.of(b.version())));
        Map<Version, HistoryEntry> byVersion = new LinkedHashMap<>();
        entries.forEach(e -> byVersion.put(Version.of(e.version()), e));
        return byVersion;
    }

    /** The state of the latest row a run or repair wrote ({@code run_id}); empty when it wrote none. */
    public Optional<String> latestStateOf(SqlClient client, UUID runId) {
        if (!exists(client)) {
            return Optional.empty();
        }
        var rows = client.preparedQuery(
                        "select state from " + qualified + " where run_id = $1 order by installed_rank desc limit 1")
                .execute(Tuple.of(runId))
                .await()
                .indefinitely();
        return rows.rowCount() == 0
                ? Optional.empty()
                : Optional.of(rows.iterator().next().getString(0));
    }

    /** Appends a row; returns its rank so a {@code running} row can be finished later. */
    public long append(SqlClient client, StepRecord step, String state, Long durationMs) {
        return client.preparedQuery("insert into " + qualified
                        + " (version, name, checksum, direction, state, duration_ms, rollout_id, run_id, agent_id,"
                        + " kind, actor, reason, generation) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
                        + " $12, " + generationSql("$1", "$4") + ")"
                        + " returning installed_rank")
                .execute(Tuple.from(new Object[] {
                    step.version().text(),
                    step.name(),
                    step.checksum(),
                    step.direction(),
                    state,
                    durationMs,
                    text(step.rolloutId()),
                    step.runId(),
                    step.agentId(),
                    step.kind(),
                    step.actor(),
                    step.reason()
                }))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    /**
     * The transaction-local setting that marks when the step being recorded began: set with
     * {@code set_config(STEP_START, clock_timestamp()::text, true)} just before the step, so that
     * {@link #appendAppliedSql} measures the step alone, also when several share a transaction.
     */
    public static final String STEP_START = "flotilla.step_start";

    /**
     * The INSERT of an applied step's row as SQL text with literals, to be sent in one message with the
     * step's script inside the step's transaction; its duration is measured by the server from the
     * {@link #STEP_START} mark set before the step. Values are written as escape-string literals, safe whatever they contain.
     */
    public String appendAppliedSql(StepRecord step) {
        return "insert into " + qualified
                + " (version, name, checksum, direction, state, duration_ms, rollout_id, run_id, agent_id, actor,"
                + " generation)"
                + " values ("
                + literal(step.version().text()) + ", " + literal(step.name()) + ", " + literal(step.checksum()) + ", "
                + literal(step.direction()) + ", " + literal(APPLIED)
                + ", (extract(epoch from clock_timestamp() - current_setting('" + STEP_START
                + "')::timestamptz) * 1000)::bigint, "
                + literal(text(step.rolloutId())) + ", "
                + literal(text(step.runId()))
                + "::uuid, " + literal(step.agentId()) + ", " + literal(step.actor()) + ", "
                + generationSql(literal(step.version().text()), literal(step.direction())) + ")";
    }

    /** A UUID for a text column or literal; {@code rollout_id} is text in tenants' existing tables. */
    private static String text(UUID id) {
        return id == null ? null : id.toString();
    }

    /** An escape-string literal ({@code E'…'}), or NULL; NUL characters cannot be stored and are refused. */
    static String literal(String value) {
        if (value == null) {
            return "NULL";
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a history value cannot contain NUL");
        }
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** Moves a {@code running} row to {@code applied} or {@code dirty}. */
    public void finish(SqlClient client, long rank, String state, long durationMs) {
        client.preparedQuery("update " + qualified + " set state = $1, duration_ms = $2 where installed_rank = $3")
                .execute(Tuple.of(state, durationMs, rank))
                .await()
                .indefinitely();
    }

    /**
     * What a history row records about one step.
     *
     * @param runId the run that ran the step, or the repair that wrote the row
     * @param actor who asked for it; null when the coordinator did not say
     * @param kind null for a step that ran, {@link #REPAIR} or {@link #BASELINE} for rows written without
     *     running the step's script
     * @param reason why, for repairs; null for steps
     */
    public record StepRecord(
            Version version,
            String name,
            String checksum,
            String direction,
            UUID rolloutId,
            UUID runId,
            String agentId,
            String actor,
            String kind,
            String reason) {

        /** The row of a step that runs, as part of a rollout's run. */
        public static StepRecord ofStep(
                Version version,
                String name,
                String checksum,
                String direction,
                UUID rolloutId,
                UUID runId,
                String agentId,
                String actor) {
            return new StepRecord(version, name, checksum, direction, rolloutId, runId, agentId, actor, null, null);
        }
    }
}
