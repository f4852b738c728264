package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Lists the most recent rollouts, newest first, optionally only those in one state. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the most recent rollouts (and rollbacks), newest first.")
public final class RolloutListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--state",
            paramLabel = "STATE",
            description = "Only rollouts in this state: running, paused, halted, completed, cancelled.")
    String state;

    @Option(names = "--limit", paramLabel = "N", description = "At most this many (1-1000; default 50).")
    Integer limit;

    @Mixin
    JsonOutput output;

    /** The states a rollout can be listed by, as the API names them. */
    static final List<String> STATES = List.of("running", "paused", "halted", "completed", "cancelled");

    @Override
    public Integer call() {
        if (state != null && !STATES.contains(state.toLowerCase(Locale.ROOT))) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--state must be one of " + String.join(", ", STATES) + ", got '" + state + "'");
        }
        if (limit != null && (limit < 1 || limit > 1000)) {
            throw new ParameterException(spec.commandLine(), "--limit must be between 1 and 1000, got " + limit);
        }
        StringBuilder path = new StringBuilder("api/rollouts?limit=").append(limit == null ? 50 : limit);
        if (state != null) {
            path.append("&state=").append(URLEncoder.encode(state, StandardCharsets.UTF_8));
        }
        JsonNode rollouts = FlotillaCli.root(spec).apiClient().get(path.toString());
        output.print(spec.commandLine().getOut(), rollouts, RolloutListCommand::render);
        return ExitCodes.OK;
    }

    /** Renders the answer of {@code GET /api/rollouts}. */
    static String render(JsonNode rollouts) {
        Table table = Table.withHeaders("ROLLOUT", "STATE", "DIRECTION", "TARGET", "PROGRESS", "FAILED", "CREATED")
                .rightAlign(4, 5);
        for (JsonNode rollout : rollouts) {
            JsonNode runs = rollout.path("runs");
            String direction = Json.text(rollout, "direction");
            String undoes = Json.text(rollout, "undoes");
            table.row(
                    Json.text(rollout, "id"),
                    RolloutProgress.state(rollout),
                    undoes == null ? direction : direction + " (undoes " + undoes.substring(0, 8) + ")",
                    Json.text(rollout, "targetVersion"),
                    Json.count(runs, "succeeded") + "/" + Json.count(runs, "total"),
                    Json.count(runs, "failed"),
                    Json.text(rollout, "createdAt"));
        }
        return table.size() == 0 ? "no rollouts\n" : table.render();
    }
}
