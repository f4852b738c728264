package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flotilla tenants repair|baseline|repairs}: resolve a dirty or checksum-mismatched migration
 * through the tenant's agent, adopt tenants whose schemas another tool created, and read the audit of
 * both. Repair and baseline wait for the agents' answers and exit 0 only when every one succeeded.
 */
final class RepairCommands {

    private static final Duration WAIT_LIMIT = Duration.ofMinutes(10);

    private RepairCommands() {}

    /** Exactly one way of resolving the version. */
    static final class Action {
        @Option(
                names = "--retry",
                required = true,
                description = "Clean up (drop an invalid index) and run the step again.")
        boolean retry;

        @Option(
                names = "--mark-applied",
                required = true,
                description = "Record it applied (the agent checks what it can).")
        boolean markApplied;

        @Option(
                names = "--mark-reverted",
                required = true,
                description = "Record it not applied (an invalid index is dropped).")
        boolean markReverted;

        @Option(
                names = "--accept-checksum",
                required = true,
                description = "Record the catalog's checksum for the applied step.")
        boolean acceptChecksum;

        String name() {
            return retry ? "retry" : markApplied ? "mark-applied" : markReverted ? "mark-reverted" : "accept-checksum";
        }
    }

    /** What every repair and baseline says about itself; a mixin, so both share these options. */
    static final class Asked {
        @Option(names = "--version", required = true, paramLabel = "VERSION", description = "The migration.")
        String version;

        @Option(
                names = "--reason",
                required = true,
                paramLabel = "WHY",
                description = "Why; kept in the tenant's history and the audit.")
        String reason;

        @Option(
                names = "--confirm",
                paramLabel = "ENVIRONMENT",
                description = "The environment's name, which a protected coordinator (production) requires.")
        String confirm;

        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("version", version);
            body.put("reason", reason);
            if (confirm != null) {
                body.put("confirm", confirm);
            }
            return body;
        }
    }

    @Command(
            name = "repair",
            mixinStandardHelpOptions = true,
            description = "Resolve a dirty or checksum-mismatched migration of one tenant, through its agent.")
    static final class Repair implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "TENANT", description = "The tenant id.")
        String tenant;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Action action;

        @Option(names = "--no-wait", description = "Return once the repair is sent, without waiting for the agent.")
        boolean noWait;

        @Mixin
        Asked asked;

        @Override
        public Integer call() {
            ApiClient api = FlotillaCli.root(spec).apiClient();
            Map<String, Object> body = asked.body();
            body.put("action", action.name());
            JsonNode repair = api.post("api/tenants/" + ApiClient.segment(tenant) + "/repairs", body);
            return finish(spec, api, List.of(repair), noWait);
        }
    }

    @Command(
            name = "baseline",
            mixinStandardHelpOptions = true,
            description = "Record every migration up to --version as applied without running it, on tenants whose"
                    + " schemas another tool created.")
    static final class Baseline implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "0..*", paramLabel = "TENANT", description = "The tenants, or use --select.")
        List<String> tenants = new ArrayList<>();

        @Option(names = "--select", paramLabel = "EXPR", description = "The tenants this selector matches.")
        String select;

        @Option(names = "--no-wait", description = "Return once the baselines are sent, without waiting.")
        boolean noWait;

        @Mixin
        Asked asked;

        @Override
        public Integer call() {
            if (tenants.isEmpty() == (select == null)) {
                throw new ParameterException(spec.commandLine(), "name the tenants, or --select EXPR (not both)");
            }
            ApiClient api = FlotillaCli.root(spec).apiClient();
            Map<String, Object> body = asked.body();
            if (select != null) {
                body.put("select", select);
            } else {
                body.put("tenants", tenants);
            }
            JsonNode sent = api.post("api/baselines", body);
            List<JsonNode> repairs = new ArrayList<>();
            sent.forEach(repairs::add);
            return finish(spec, api, repairs, noWait);
        }
    }

    @Command(
            name = "repairs",
            mixinStandardHelpOptions = true,
            description = "The audit of repairs and baselines, newest first: who, when, why, and how each ended.")
    static final class Audit implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "TENANT", description = "Only this tenant's.")
        String tenant;

        @Mixin
        JsonOutput output;

        @Override
        public Integer call() {
            String path = tenant == null ? "api/repairs" : "api/tenants/" + ApiClient.segment(tenant) + "/repairs";
            output.print(
                    spec.commandLine().getOut(),
                    FlotillaCli.root(spec).apiClient().get(path),
                    repairs -> {
                        List<JsonNode> list = new ArrayList<>();
                        repairs.forEach(list::add);
                        return list.isEmpty() ? "no repairs\n" : render(list);
                    });
            return ExitCodes.OK;
        }
    }

    /** Waits for each repair to end (unless told not to), prints them, and says whether all succeeded. */
    private static int finish(CommandSpec spec, ApiClient api, List<JsonNode> sent, boolean noWait) {
        List<JsonNode> ended = new ArrayList<>();
        for (JsonNode repair : sent) {
            ended.add(noWait ? repair : await(api, repair));
        }
        spec.commandLine().getOut().print(render(ended));
        if (noWait) {
            return 0;
        }
        return ended.stream().allMatch(r -> "succeeded".equals(Json.text(r, "state"))) ? 0 : 1;
    }

    private static JsonNode await(ApiClient api, JsonNode repair) {
        String path = "api/repairs/" + Json.text(repair, "id");
        long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
        JsonNode current = repair;
        while ("requested".equals(Json.text(current, "state"))) {
            if (System.nanoTime() > deadline) {
                throw new CliException("repair " + Json.text(repair, "id") + " got no answer from "
                        + Json.text(repair, "tenant") + "'s agent within " + WAIT_LIMIT.toMinutes()
                        + " minutes; see flotilla tenants repairs");
            }
            try {
                Thread.sleep(RolloutWaiter.INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted while waiting for repair " + Json.text(repair, "id"));
            }
            current = api.get(path);
        }
        return current;
    }

    static String render(List<JsonNode> repairs) {
        Table table = Table.withHeaders("TENANT", "VERSION", "ACTION", "STATE", "BY", "REQUESTED", "REASON", "RESULT");
        for (JsonNode repair : repairs) {
            table.row(
                    Json.text(repair, "tenant"),
                    Json.text(repair, "version"),
                    Json.text(repair, "action"),
                    Json.text(repair, "state"),
                    Json.text(repair, "actor"),
                    Json.text(repair, "requestedAt"),
                    Json.text(repair, "reason"),
                    Json.text(repair, "message"));
        }
        return table.render();
    }
}
