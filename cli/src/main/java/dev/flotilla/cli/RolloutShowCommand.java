package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Shows one rollout: where it stands, and which tenants failed and why. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show a rollout and its progress.")
public final class RolloutShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The rollout id.")
    String id;

    @Override
    public Integer call() {
        JsonNode rollout = FlotillaCli.root(spec).apiClient().get("api/rollouts/" + id);
        spec.commandLine().getOut().print(render(rollout));
        return 0;
    }

    /** Renders the answer of {@code GET /api/rollouts/{id}}. */
    static String render(JsonNode rollout) {
        JsonNode runs = rollout.path("runs");
        StringBuilder out = new StringBuilder();
        field(out, "rollout", Json.text(rollout, "id"));
        field(out, "state", RolloutProgress.state(rollout));
        field(out, "target", Json.text(rollout.path("target"), "version"));
        field(out, "plan", Json.text(rollout, "planId"));
        field(out, "max parallel", Json.text(rollout, "maxParallel"));
        field(out, "created", Json.text(rollout, "createdAt"));
        field(out, "finished", Json.text(rollout, "finishedAt"));
        field(
                out,
                "runs",
                Json.count(runs, "total") + " total: " + Json.count(runs, "succeeded") + " succeeded, "
                        + Json.count(runs, "failed") + " failed, " + Json.count(runs, "running") + " running, "
                        + Json.count(runs, "dispatched") + " dispatched, " + Json.count(runs, "pending")
                        + " pending, " + Json.count(runs, "cancelled") + " cancelled");
        String failures = RolloutProgress.failures(rollout);
        if (!failures.isEmpty()) {
            out.append("failures:\n").append(failures);
        }
        return out.toString();
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(String.format("%-13s %s\n", name + ":", value == null ? "-" : value));
    }
}
