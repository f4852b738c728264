package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Starts a rollout: of a plan file ({@code -f}: target, waves, limits, failure budget), or to a
 * version for all tenants or a list of them. With {@code --wait} it follows the rollout to its end and exits 0
 * only when every tenant got there, so scripts and pipelines can gate on it ({@link ExitCodes}).
 */
@Command(
        name = "start",
        mixinStandardHelpOptions = true,
        description = "Start a rollout of a plan file, or to a version for all tenants or a list of them.")
public final class RolloutStartCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "A plan file (YAML): target, waves, concurrency, failureBudget.")
    Path file;

    @Option(names = "--to", paramLabel = "VERSION", description = "The target version (without -f).")
    String version;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Selection selection;

    @Option(
            names = "--max-parallel",
            paramLabel = "K",
            description = "How many tenants run at once, fleet-wide (1-1000; default: the coordinator's, 8).")
    Integer maxParallel;

    @Mixin
    WaitOptions wait;

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
        wait.validate(spec);
        ApiClient api = FlotillaCli.root(spec).apiClient();
        PrintWriter out = spec.commandLine().getOut();
        JsonNode rollout = file != null
                ? planFile().submit(api, "api/rollouts")
                : api.post("api/rollouts", request().toJson());
        String id = Json.text(rollout, "id");
        out.println("rollout " + id + " started: to " + Json.text(rollout, "targetVersion") + ", "
                + Json.count(rollout.path("runs"), "total") + " tenants in "
                + rollout.path("waves").size()
                + " wave(s), max parallel " + Json.text(rollout, "maxParallel"));
        String reason = Json.text(rollout, "reason");
        if (reason != null) {
            out.println(reason);
        }
        out.flush();
        return wait.follow(api, id, out);
    }

    private PlanFile planFile() {
        if (version != null || selection != null || maxParallel != null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "-f takes the target, tenants and limits from the plan file;"
                            + " drop --to, --all, --tenants and --max-parallel");
        }
        return PlanFile.read(file);
    }

    private RolloutRequest request() {
        if (version == null || selection == null) {
            throw new ParameterException(
                    spec.commandLine(), "give a plan file (-f FILE), or --to VERSION with --all or --tenants");
        }
        try {
            return new RolloutRequest(version, selection.all ? null : selection.tenants, maxParallel);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
