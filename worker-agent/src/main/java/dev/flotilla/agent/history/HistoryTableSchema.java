package dev.flotilla.agent.history;

import static dev.flotilla.agent.history.HistoryTable.APPLIED;
import static dev.flotilla.agent.history.HistoryTable.BASELINE;
import static dev.flotilla.agent.history.HistoryTable.ONCE_INDEX;
import static dev.flotilla.agent.history.HistoryTable.REPAIR;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;

/**
 * The shape of a tenant's {@link HistoryTable}: creates it, and upgrades one an older agent created
 * (the columns added since, the generations of the rows already there, the index that refuses a
 * double apply).
 */
final class HistoryTableSchema {

    private final String qualified;

    /** @param qualified the table's quoted, schema-qualified name */
    HistoryTableSchema(String qualified) {
        this.qualified = qualified;
    }

    /** The columns added after the first release; a table from before gets them on its next use. */
    private static final List<String> LATER_COLUMNS = List.of("kind", "actor", "reason", "generation");

    /**
     * Creates the table, or adds the columns a table created by an older agent lacks. One read when the
     * table is current, so a run pays a single round trip for it.
     */
    public void ensure(SqlClient client) {
        Row row = client.preparedQuery("select to_regclass($1) is not null, (select count(*) from pg_attribute"
                        + " where attrelid = to_regclass($1) and attname = any($2) and not attisdropped)")
                .execute(Tuple.of(qualified, LATER_COLUMNS.toArray(String[]::new)))
                .await()
                .indefinitely()
                .iterator()
                .next();
        if (!row.getBoolean(0)) {
            client.query("create table if not exists " + qualified + " ("
                            + "installed_rank bigserial primary key, "
                            + "version text not null, "
                            + "name text not null, "
                            + "checksum text not null, "
                            + "direction text not null check (direction in ('up', 'down')), "
                            + "state text not null check (state in ('running', 'applied', 'dirty')), "
                            + "applied_at timestamptz not null default now(), "
                            + "duration_ms bigint, "
                            + "rollout_id text, "
                            + "run_id uuid, "
                            + "agent_id text not null, "
                            + "generation bigint)")
                    .execute()
                    .await()
                    .indefinitely();
        }
        if (row.getLong(1) < LATER_COLUMNS.size()) {
            // One implicit transaction: the columns, the generations of the rows there are, the index.
            client.query("alter table " + qualified
                            + " add column if not exists kind text check (kind in ('" + REPAIR + "', '" + BASELINE
                            + "')), add column if not exists actor text, add column if not exists reason text,"
                            + " add column if not exists generation bigint;\n" + backfillGenerationsSql()
                            + ";\ncreate unique index if not exists " + ONCE_INDEX + " on " + qualified
                            + " (version, direction, generation) where state = '" + APPLIED
                            + "' and kind is null and generation is not null")
                    .execute()
                    .await()
                    .indefinitely();
        }
    }

    /**
     * Gives the rows of a table from before {@code generation} theirs, as {@code HistoryTable}'s generation of a new row would
     * have; of a double apply that is already there (rows an older agent wrote), only the first gets
     * one, so the index can be built and refuses the next.
     */
    private String backfillGenerationsSql() {
        String before = " over (partition by version order by installed_rank rows between unbounded preceding and 1"
                + " preceding)";
        String generations = "select installed_rank, version, direction, state, kind, case direction when 'up'"
                + " then count(*) filter (where state = '" + APPLIED + "' and direction = 'down')" + before
                + " else count(*) filter (where state = '" + APPLIED + "' and direction = 'up')" + before
                + " end as generation from " + qualified;
        String ranked = "select installed_rank, generation, row_number() over (partition by version, direction,"
                + " generation, (state = '" + APPLIED + "' and kind is null) order by installed_rank) as nth from ("
                + generations + ") c";
        return "update " + qualified + " t set generation = g.generation from (" + ranked + ") g"
                + " where t.installed_rank = g.installed_rank and t.generation is null"
                + " and (g.nth = 1 or t.state <> '" + APPLIED + "' or t.kind is not null)";
    }
}
