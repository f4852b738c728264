package dev.flotilla.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A tenant's own history table ({@code flotilla_schema_history}), read as the agents wrote it. */
final class TenantHistory {

    private TenantHistory() {}

    /**
     * One history row. {@code rollout} is the id of the rollout that wrote it, {@code run} the run's or
     * the repair's; {@code kind} is {@code repair} or {@code baseline} for a row written without
     * running the step, else null; {@code actor} and {@code reason} say who asked and why, when known.
     */
    record Row(
            long rank,
            String version,
            String direction,
            String state,
            String rollout,
            String run,
            String kind,
            String actor,
            String reason) {}

    /** Every row, oldest first; empty when the tenant has no history table yet. */
    static List<Row> rows(Connection c, String tenant) throws SQLException {
        List<Row> rows = new ArrayList<>();
        if (!exists(c, tenant)) {
            return rows;
        }
        try (PreparedStatement s = c.prepareStatement("select installed_rank, version, direction, state, rollout_id,"
                        + " run_id::text, kind, actor, reason from \"" + tenant
                        + "\".flotilla_schema_history order by installed_rank");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9)));
            }
        }
        return rows;
    }

    /** Per version, the direction and state of its latest row ({@code "up applied"}, {@code "down applied"}). */
    static Map<String, String> latestDirections(Connection c, String tenant) throws SQLException {
        Map<String, String> latest = new TreeMap<>();
        for (Row row : rows(c, tenant)) {
            latest.put(row.version(), row.direction() + " " + row.state());
        }
        return latest;
    }

    /** The versions of the rows {@code rollout} wrote in {@code direction}, in the order it wrote them. */
    static List<String> versions(List<Row> rows, String rollout, String direction) {
        return rows.stream()
                .filter(r -> rollout.equals(r.rollout()) && r.direction().equals(direction))
                .map(Row::version)
                .toList();
    }

    /**
     * How many steps each agent applied to {@code tenants} after {@code from} and, when {@code to} is not
     * null, up to {@code to}, by agent id, as the rows' {@code agent_id} and {@code applied_at} say.
     */
    static Map<String, Integer> appliedBy(Connection c, List<String> tenants, Instant from, Instant to)
            throws SQLException {
        Map<String, Integer> byAgent = new HashMap<>();
        for (String tenant : tenants) {
            if (!exists(c, tenant)) {
                continue;
            }
            try (PreparedStatement s = c.prepareStatement("select agent_id, count(*) from \"" + tenant
                    + "\".flotilla_schema_history where state = 'applied' and applied_at > ?"
                    + " and (?::timestamptz is null or applied_at <= ?) group by agent_id")) {
                Timestamp until = to == null ? null : Timestamp.from(to);
                s.setTimestamp(1, Timestamp.from(from));
                s.setTimestamp(2, until);
                s.setTimestamp(3, until);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        byAgent.merge(rs.getString(1), rs.getInt(2), Integer::sum);
                    }
                }
            }
        }
        return byAgent;
    }

    private static boolean exists(Connection c, String tenant) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select to_regclass(?) is not null")) {
            s.setString(1, "\"" + tenant + "\".flotilla_schema_history");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
