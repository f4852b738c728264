package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Starts a rollout to a version. With {@code --wait} it follows the rollout to its end and exits 0
 * only when every tenant got there, so scripts and pipelines can gate on it.
 */
@Command(
        name = "start",
        mixinStandardHelpOptions = true,
        description = "Start a rollout to a version, for all tenants or a list of them.")
public final class RolloutStartCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--to", required = true, paramLabel = "VERSION", description = "The target version.")
    String version;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Selection selection;

    @Option(
            names = "--max-parallel",
            paramLabel = "K",
            description = "How many tenants run at once, fleet-wide (1-1000; default: the coordinator's, 8).")
    Integer maxParallel;

    @Option(names = "--wait", description = "Follow the rollout until it ends; exit 1 unless it completes.")
    boolean await;

    /** Which tenants: exactly one of the two. */
    static final class Selection {
        @Option(names = "--all", required = true, description = "Every tenant the agents reported.")
        boolean all;

        @Option(
                names = "--tenants",
                required = true,
                split = ",",
                paramLabel = "ID",
                description = "These tenants, comma-separated.")
        List<String> tenants;
    }

    @Override
    public Integer call() {
        RolloutRequest request;
        try {
            request = new RolloutRequest(version, selection.all ? null : selection.tenants, maxParallel);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        ApiClient api = FlotillaCli.root(spec).apiClient();
        PrintWriter out = spec.commandLine().getOut();
        JsonNode rollout = api.post("api/rollouts", request.toJson());
        String id = Json.text(rollout, "id");
        out.println("rollout " + id + " started: to " + version + ", "
                + (request.tenants() == null ? "all tenants" : request.tenants().size() + " tenants")
                + ", max parallel " + Json.text(rollout, "maxParallel"));
        out.flush();
        return await ? follow(api, id, out) : 0;
    }

    /** Follows rollout {@code id} to its end; the exit status says whether it completed. */
    static int follow(ApiClient api, String id, PrintWriter out) {
        JsonNode last = RolloutWaiter.of(api, out).await(id);
        if (RolloutProgress.succeeded(last)) {
            out.println("rollout " + id + " completed");
            return 0;
        }
        out.println("rollout " + id + " ended " + RolloutProgress.state(last));
        String failures = RolloutProgress.failures(last);
        if (!failures.isEmpty()) {
            out.print("failures:\n" + failures);
        }
        out.flush();
        return 1;
    }
}
