package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The fleet at a glance: for each migration, how many tenants are in each cell state. A state the
 * coordinator adds later still gets its column, after the known ones.
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show, per migration, how many tenants are in each state.")
public final class StatusCommand implements Callable<Integer> {

    /** The cell states of {@code docs/api.md}, in the order a migration moves through them. */
    static final List<String> KNOWN_STATES =
            List.of("PENDING", "RUNNING", "APPLIED", "FAILED", "DIRTY", "CHECKSUM_MISMATCH", "REVERT_FAILED");

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        JsonNode summary = FlotillaCli.root(spec).apiClient().get("api/matrix/summary");
        output.print(spec.commandLine().getOut(), summary, StatusCommand::render);
        return 0;
    }

    /** Renders the answer of {@code GET /api/matrix/summary}. */
    public static String render(JsonNode summary) {
        JsonNode migrations = summary.path("migrations");
        List<String> states = states(migrations);
        List<String> headers = new ArrayList<>(List.of("VERSION", "NAME"));
        headers.addAll(states);
        Table table = Table.withHeaders(headers);
        int[] countColumns = new int[states.size()];
        for (int i = 0; i < countColumns.length; i++) {
            countColumns[i] = i + 2;
        }
        table.rightAlign(countColumns);
        for (JsonNode migration : migrations) {
            List<Object> row = new ArrayList<>(List.of(
                    String.valueOf(Json.text(migration, "version")), String.valueOf(Json.text(migration, "name"))));
            states.forEach(state -> row.add(Json.count(migration.path("counts"), state)));
            table.row(row);
        }
        String tenants = "tenants: " + Json.count(summary, "tenants") + "\n";
        return table.size() == 0 ? "no migrations in the catalog\n" + tenants : table.render() + tenants;
    }

    private static List<String> states(JsonNode migrations) {
        Set<String> states = new LinkedHashSet<>(KNOWN_STATES);
        for (JsonNode migration : migrations) {
            Iterator<String> names = migration.path("counts").fieldNames();
            names.forEachRemaining(states::add);
        }
        return List.copyOf(states);
    }
}
