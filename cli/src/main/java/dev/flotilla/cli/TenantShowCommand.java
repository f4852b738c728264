package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * One tenant as the coordinator knows it: where it lives, its labels and version, the state of each
 * migration on it (and which rollout applied it), and its most recent runs with how long each took.
 */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Show a tenant: its migrations' states and its recent runs with their times.")
public final class TenantShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TENANT", description = "The tenant id.")
    String tenant;

    @Option(names = "--runs", paramLabel = "N", description = "How many recent runs (1-500; default 20).")
    Integer runs;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        String path = "api/tenants/" + ApiClient.segment(tenant) + (runs == null ? "" : "?runs=" + runs);
        output.print(
                spec.commandLine().getOut(), FlotillaCli.root(spec).apiClient().get(path), TenantShowCommand::render);
        return ExitCodes.OK;
    }

    /** Renders the answer of {@code GET /api/tenants/{tenant}}. */
    static String render(JsonNode details) {
        StringBuilder out = new StringBuilder(
                TenantsCommand.render(Json.MAPPER.createArrayNode().add(details.path("tenant")))
                        .lines()
                        .limit(2)
                        .reduce("", (text, line) -> text + line + "\n"));
        Table migrations = Table.withHeaders(
                        "VERSION", "STATE", "LAST STEP", "TOOK", "AGENT", "ROLLOUT", "UPDATED", "MESSAGE")
                .rightAlign(3);
        for (JsonNode cell : details.path("migrations")) {
            migrations.row(
                    Json.text(cell, "version"),
                    Json.text(cell, "state"),
                    Json.text(cell, "direction"),
                    cell.path("durationMs").isNumber() ? cell.path("durationMs").asLong() + " ms" : null,
                    Json.text(cell, "agent"),
                    Json.shortId(Json.text(cell, "rollout")),
                    Json.text(cell, "updatedAt"),
                    Json.text(cell, "message"));
        }
        out.append('\n').append(migrations.size() == 0 ? "no migrations in the catalog\n" : migrations.render());
        Table table = Table.withHeaders(
                        "RUN", "ROLLOUT", "DIRECTION", "STEPS", "STATE", "AGENT", "DISPATCHED", "TOOK", "MESSAGE")
                .rightAlign(7);
        for (JsonNode run : details.path("runs")) {
            table.row(
                    Json.shortId(Json.text(run, "run")),
                    Json.shortId(Json.text(run, "rollout")),
                    Json.text(run, "direction"),
                    steps(run.path("steps")),
                    Json.text(run, "state"),
                    Json.text(run, "agent"),
                    Json.text(run, "dispatchedAt"),
                    run.path("seconds").isNumber()
                            ? AgentsCommand.silence(run.path("seconds").asLong())
                            : null,
                    Json.text(run, "message"));
        }
        out.append('\n').append(table.size() == 0 ? "no runs yet\n" : table.render());
        return out.toString();
    }

    /** {@code 0001..0004 (4)}, or the one step. */
    private static String steps(JsonNode steps) {
        if (steps.isEmpty()) {
            return null;
        }
        String first = steps.get(0).asText();
        String last = steps.get(steps.size() - 1).asText();
        return steps.size() == 1 ? first : first + ".." + last + " (" + steps.size() + ")";
    }
}
