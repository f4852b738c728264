package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.cli.local.FlotillaHome;
import dev.flotilla.cli.local.LocalStackOptions;
import dev.flotilla.cli.local.LocalState;
import dev.flotilla.cli.local.LocalUpCommand;
import dev.flotilla.cli.local.StackStarter;
import dev.flotilla.cli.local.StackStopper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole story in one command, and the smoke test of CI: start a local stack, roll every tenant
 * out to the newest migration, show the matrix, and tear everything down again, whatever happened.
 * The exit status is the rollout's; when it fails, the logs are copied out before the purge.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Start a local stack, roll all tenants to the latest migration, show the status, tear down.")
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LocalStackOptions options;

    @Option(
            names = "--max-parallel",
            paramLabel = "K",
            description = "Tenants migrated at once (default: the coordinator's).")
    Integer maxParallel;

    @Override
    public Integer call() {
        LocalUpCommand.validate(spec, options);
        PrintWriter out = spec.commandLine().getOut();
        FlotillaHome home = FlotillaHome.locate();
        StackStarter starter = new StackStarter(home, out);
        StackStopper stopper = new StackStopper(home, out);
        Thread hook = new Thread(
                () -> {
                    starter.abort();
                    stopper.down(true);
                },
                "flotilla-demo-teardown");
        Runtime.getRuntime().addShutdownHook(hook);
        int exit = 1;
        try {
            LocalState state = starter.up(options);
            exit = rollOut(new ApiClient(state.api()), out);
            return exit;
        } finally {
            if (starter.started()) {
                if (exit != 0) {
                    keepLogs(home, out);
                }
                out.println();
                out.println("tearing the demo stack down");
                out.flush();
                stopper.down(true);
            }
            LocalUpCommand.removeHook(hook);
        }
    }

    private int rollOut(ApiClient api, PrintWriter out) {
        JsonNode migrations = api.get("api/migrations");
        if (!migrations.isArray() || migrations.isEmpty()) {
            throw new CliException("the coordinator's catalog is empty: there is nothing to roll out");
        }
        JsonNode latest = migrations.get(migrations.size() - 1);
        String version = Json.text(latest, "version");
        out.println();
        out.println("rolling all tenants out to " + version + " (" + Json.text(latest, "name") + ")");
        JsonNode rollout = api.post("api/rollouts", new RolloutRequest(version, null, maxParallel).toJson());
        String id = Json.text(rollout, "id");
        out.println("rollout " + id);
        out.flush();
        int exit = RolloutFollower.follow(api, id, out, null, false);
        out.println();
        out.print(StatusCommand.render(api.get("api/matrix/summary")));
        out.flush();
        return exit;
    }

    /** Copies the stack's logs somewhere the purge does not reach. */
    private static void keepLogs(FlotillaHome home, PrintWriter out) {
        try (Stream<Path> files = Files.list(home.stateDir())) {
            List<Path> logs = files.filter(f -> f.getFileName().toString().endsWith(".log"))
                    .toList();
            if (logs.isEmpty()) {
                return;
            }
            Path kept = Files.createTempDirectory("flotilla-demo-logs-");
            for (Path log : logs) {
                Files.copy(log, kept.resolve(log.getFileName()));
            }
            out.println("the demo failed; its logs are kept in " + kept);
        } catch (IOException e) {
            out.println("the demo failed; its logs could not be kept: " + e.getMessage());
        }
    }
}
