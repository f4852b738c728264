package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * A progress bar per running batched step of a rollout, from the {@code batches} of
 * {@code GET /api/rollouts/{id}}: the share of the table's estimated rows done, the rows, the rate and
 * the time left. Without statistics the total is unknown and the bar says so.
 */
final class BatchBars {

    static final int WIDTH = 24;

    private BatchBars() {}

    /** One line per batched step; empty when none runs. */
    static String render(JsonNode batches) {
        Table table = Table.withHeaders("TENANT", "STEP", "PROGRESS", "", "ROWS", "RATE", "ETA")
                .rightAlign(3, 4, 5, 6);
        for (JsonNode batch : batches) {
            long done = batch.path("rowsDone").asLong();
            JsonNode total = batch.get("rowsTotal");
            boolean known = total != null && !total.isNull() && total.asLong() > 0;
            JsonNode rate = batch.get("rowsPerSecond");
            table.row(
                    Json.text(batch, "tenant"),
                    Json.text(batch, "version"),
                    known ? bar(done, total.asLong()) : "[" + "?".repeat(WIDTH) + "]",
                    known ? percent(done, total.asLong()) : "",
                    String.format(
                            Locale.ROOT,
                            "%,d / %s",
                            done,
                            known ? String.format(Locale.ROOT, "%,d", total.asLong()) : "?"),
                    rate == null || rate.isNull() ? "-" : String.format(Locale.ROOT, "%,.0f/s", rate.asDouble()),
                    RolloutShowCommand.seconds(batch.get("etaSeconds")));
        }
        return batches.isEmpty() ? "" : table.render();
    }

    /** {@code [#####-----]}: the share done, never more than full. */
    static String bar(long done, long total) {
        int filled = (int) Math.min(WIDTH, done * WIDTH / total);
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "]";
    }

    private static String percent(long done, long total) {
        return Math.min(100, done * 100 / total) + "%";
    }
}
