package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.cli.local.FlotillaHome;
import dev.flotilla.cli.local.LocalStackOptions;
import dev.flotilla.cli.local.LocalState;
import dev.flotilla.cli.local.LocalToken;
import dev.flotilla.cli.local.LocalUpCommand;
import dev.flotilla.cli.local.StackStarter;
import dev.flotilla.cli.local.StackStopper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole story in one command, and the smoke test of CI: start a local stack of two sites, label
 * a canary and a beta group, run the phased rollout of {@code examples/demo-plan.yaml} (canary, beta
 * with a soak, everyone) while printing the dashboard's address, show the matrix, and tear everything
 * down again whatever happened, unless {@code --keep} leaves it up to look around. The exit status is
 * the rollout's; when it fails, the logs are copied out before the purge.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Start a local stack, label a canary and a beta group, roll the fleet out in waves"
                + " (examples/demo-plan.yaml) with the dashboard live, show the status, tear down (or --keep).")
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

    @Option(
            names = "--keep",
            description = "Leave the stack up when the demo ends, to look around the dashboard and the CLI"
                    + " (stop it with `flotilla local down --purge`).")
    boolean keep;

    /** The demo's sites unless --sites says otherwise: the waves then span both. */
    private static final int SITES = 2;
    /** Tenants labelled group=canary, then group=beta, in tenant-id order. */
    private static final int CANARIES = 2;

    private static final int BETAS = 6;

    @Override
    public Integer call() {
        if (!spec.commandLine().getParseResult().hasMatchedOption("--sites")) {
            options.useSites(Math.min(SITES, options.tenants()));
        }
        LocalUpCommand.validate(spec, options);
        PrintWriter out = spec.commandLine().getOut();
        FlotillaHome home = FlotillaHome.locate();
        PlanFile plan = PlanFile.read(home.root().resolve("examples").resolve("demo-plan.yaml"));
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
        boolean kept = false;
        try {
            LocalState state = starter.up(options);
            ApiClient api =
                    new ApiClient(state.api(), LocalToken.read(home.stateDir()).orElseThrow());
            label(api, out);
            exit = rollOut(api, plan, state.api(), out);
            if (keep) {
                LocalUpCommand.removeHook(hook);
                kept = true;
                out.println();
                out.println("the stack stays up: look around at " + dashboard(state.api())
                        + " or with `flotilla status`, `flotilla matrix`, `flotilla rollout list`;"
                        + " stop it with `flotilla local down --purge`");
            }
            return exit;
        } finally {
            if (starter.started() && !kept) {
                if (exit != 0) {
                    keepLogs(home, out);
                }
                out.println();
                out.println("tearing the demo stack down");
                out.flush();
                stopper.down(true);
            }
            if (!kept) {
                LocalUpCommand.removeHook(hook);
            }
        }
    }

    /** Labels the first tenants as the plan's canary and beta groups, as an operator would. */
    private static void label(ApiClient api, PrintWriter out) {
        List<String> tenants = new ArrayList<>();
        api.get("api/tenants").forEach(t -> tenants.add(Json.text(t, "id")));
        List<String> canaries = tenants.subList(0, Math.min(CANARIES, tenants.size()));
        List<String> betas = tenants.subList(canaries.size(), Math.min(CANARIES + BETAS, tenants.size()));
        canaries.forEach(t -> api.patch("api/tenants/" + ApiClient.segment(t) + "/labels", Map.of("group", "canary")));
        betas.forEach(t -> api.patch("api/tenants/" + ApiClient.segment(t) + "/labels", Map.of("group", "beta")));
        out.println();
        out.println("labelled group=canary: " + String.join(", ", canaries));
        out.println("labelled group=beta:   " + String.join(", ", betas));
        out.println("the other " + (tenants.size() - canaries.size() - betas.size()) + " tenants have no group");
        out.flush();
    }

    private static String dashboard(String api) {
        return api.endsWith("/") ? api : api + "/";
    }

    /** Starts the plan (with --max-parallel as its fleet-wide limit when given) and follows it to its end. */
    private int rollOut(ApiClient api, PlanFile plan, String address, PrintWriter out) {
        if (maxParallel != null) {
            ((ObjectNode) plan.json()).withObjectProperty("concurrency").put("fleet", maxParallel);
        }
        out.println();
        List<String> waves = new ArrayList<>();
        for (JsonNode wave : plan.json().path("waves")) {
            String soak = Json.text(wave, "soak");
            waves.add(Json.text(wave, "name") + " (" + Json.text(wave, "select")
                    + (soak == null ? "" : ", soak " + soak) + ")");
        }
        out.println("rolling the fleet out in waves, " + plan.file() + ": " + String.join(" → ", waves));
        JsonNode rollout = plan.submit(api, "api/rollouts");
        String id = Json.text(rollout, "id");
        out.println("rollout " + id + ": to " + Json.text(rollout, "targetVersion"));
        out.println("watch it live on the dashboard: " + dashboard(address) + "rollouts/" + id
                + " (log in with the admin token in "
                + LocalToken.file(FlotillaHome.locate().stateDir()) + ")");
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
