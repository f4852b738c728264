package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Lists the agents the coordinator has heard from, with how long each has been silent, so an operator
 * sees at once which site has lost its agent.
 */
@Command(
        name = "agents",
        mixinStandardHelpOptions = true,
        description = "List the agents, with how long since each was heard from.")
public final class AgentsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        JsonNode agents = FlotillaCli.root(spec).apiClient().get("api/agents");
        output.print(spec.commandLine().getOut(), agents, AgentsCommand::render);
        return 0;
    }

    /** Renders the answer of {@code GET /api/agents}. */
    static String render(JsonNode agents) {
        Table table = Table.withHeaders("AGENT", "SITE", "CAPACITY", "TENANTS", "VERSION", "LAST SEEN", "SILENT")
                .rightAlign(2, 3, 6);
        for (JsonNode agent : agents) {
            table.row(
                    Json.text(agent, "id"),
                    Json.text(agent, "site"),
                    Json.text(agent, "capacity"),
                    Json.text(agent, "tenants"),
                    Json.text(agent, "version"),
                    Json.text(agent, "lastSeen"),
                    silence(Json.count(agent, "silentForSeconds")));
        }
        return table.size() == 0 ? "no agent has been heard from\n" : table.render();
    }

    /** {@code 42s}, {@code 3m05s}, {@code 2h10m}, {@code 3d4h}: short enough for a column. */
    static String silence(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return "%dm%02ds".formatted(seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return "%dh%02dm".formatted(seconds / 3600, seconds % 3600 / 60);
        }
        return "%dd%dh".formatted(seconds / 86_400, seconds % 86_400 / 3600);
    }
}
