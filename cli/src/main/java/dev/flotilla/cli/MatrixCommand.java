package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The matrix in a terminal: a row per tenant, a letter per migration, a page at a time; optionally
 * only the tenants a selector picks, or only those behind a version ({@code --behind}: the latest).
 */
@Command(
        name = "matrix",
        mixinStandardHelpOptions = true,
        description = "Show the tenant x migration matrix, a letter per migration, a page of tenants at a time.")
public final class MatrixCommand implements Callable<Integer> {

    /** A letter per cell state, so a row of states reads at a glance. */
    static final Map<String, String> LETTERS = Map.of(
            "APPLIED", "A",
            "PENDING", ".",
            "RUNNING", "R",
            "FAILED", "F",
            "DIRTY", "D",
            "CHECKSUM_MISMATCH", "C",
            "REVERT_FAILED", "X");

    static final String LEGEND =
            "A applied  . pending  R running  F failed  D dirty  C checksum mismatch  X revert failed";

    @Spec
    CommandSpec spec;

    @Mixin
    TenantSelection selection;

    @Option(
            names = "--behind",
            paramLabel = "VERSION",
            arity = "0..1",
            fallbackValue = "latest",
            description = "Only tenants that have not applied VERSION (without one: the latest).")
    String behind;

    @Option(names = "--page", paramLabel = "N", defaultValue = "0", description = "Which page, from 0.")
    int page;

    @Option(
            names = "--size",
            paramLabel = "N",
            defaultValue = "100",
            description = "Tenants a page (1-1000, default ${DEFAULT-VALUE}).")
    int size;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        if (page < 0) {
            throw new ParameterException(spec.commandLine(), "--page must be 0 or more, got " + page);
        }
        if (size < 1 || size > 1000) {
            throw new ParameterException(spec.commandLine(), "--size must be between 1 and 1000, got " + size);
        }
        StringBuilder path = new StringBuilder("api/matrix/rows?page=")
                .append(page)
                .append("&size=")
                .append(size);
        path.append(selection.query('&'));
        if (behind != null) {
            path.append("&behind=").append(URLEncoder.encode(behind, StandardCharsets.UTF_8));
        }
        output.print(
                spec.commandLine().getOut(),
                FlotillaCli.root(spec).apiClient().get(path.toString()),
                MatrixCommand::render);
        return ExitCodes.OK;
    }

    /** Renders the answer of {@code GET /api/matrix/rows}. */
    static String render(JsonNode rows) {
        JsonNode versions = rows.path("versions");
        String behind = Json.text(rows, "behind");
        long total = Json.count(rows, "total");
        if (versions.isEmpty()) {
            return "no migrations in the catalog\n";
        }
        String span = versions.get(0).asText()
                + (versions.size() > 1
                        ? ".." + versions.get(versions.size() - 1).asText()
                        : "");
        Table table = Table.withHeaders("TENANT", "SITE", "VERSION", span);
        for (JsonNode row : rows.path("items")) {
            StringBuilder letters = new StringBuilder();
            row.path("states").forEach(state -> letters.append(LETTERS.getOrDefault(state.asText(), "?")));
            table.row(Json.text(row, "tenant"), Json.text(row, "site"), Json.text(row, "currentVersion"), letters);
        }
        StringBuilder out = new StringBuilder("migrations " + span + ", a letter each: " + LEGEND + "\n");
        if (table.size() > 0) {
            out.append(table.render());
        }
        long page = Json.count(rows, "page");
        long size = Math.max(1, Json.count(rows, "size"));
        long pages = (total + size - 1) / size;
        out.append(total).append(total == 1 ? " tenant" : " tenants").append(behind == null ? "" : " behind " + behind);
        if (pages > 1) {
            out.append(" (page ").append(page).append(" of 0..").append(pages - 1);
            if (page + 1 < pages) {
                out.append(": --page ").append(page + 1).append(" for the next");
            }
            out.append(')');
        }
        return out.append('\n').toString();
    }
}
