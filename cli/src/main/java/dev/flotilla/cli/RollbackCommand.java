package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
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
import picocli.CommandLine.Spec;

/**
 * {@code flotilla rollback}: undoes what a rollout applied ({@code --rollout ID}), takes tenants down
 * to a version from wherever they are ({@code --to VERSION}), or runs a plan file with {@code
 * direction: down} ({@code -f}). Each is a rollout of its own, direction down, that {@code rollout
 * show} follows.
 */
@Command(
        name = "rollback",
        mixinStandardHelpOptions = true,
        description = "Undo a rollout (or one wave of it), or go down to a version: down scripts in reverse order,"
                + " only where applied. A running rollout is cancelled first.")
public final class RollbackCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rollout", paramLabel = "ID", description = "The rollout to undo.")
    String rollout;

    @Option(names = "--wave", paramLabel = "NAME", description = "With --rollout: only the tenants of this wave.")
    String wave;

    @Option(
            names = "--to",
            paramLabel = "VERSION",
            description = "Take each tenant down to VERSION (0: before the first migration).")
    String version;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Tenants tenants;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "A plan file with direction: down (waves, concurrency, failureBudget).")
    Path file;

    @Option(
            names = "--allow-irreversible",
            description = "Take tenants down to just above a migration without a down script, instead of refusing.")
    boolean allowIrreversible;

    @Option(
            names = "--confirm",
            paramLabel = "ENVIRONMENT",
            description = "The environment's name, which a protected coordinator (production) requires.")
    String confirm;

    @Option(names = "--dry-run", description = "Show what would be reverted and what blocks; change nothing.")
    boolean dryRun;

    @Option(names = "--reason", paramLabel = "WHY", description = "With --rollout: why; recorded with the action.")
    String reason;

    @Mixin
    WaitOptions wait;

    /** With --to: which tenants. */
    static final class Tenants {
        @Option(names = "--all", required = true, description = "Every tenant the agents reported.")
        boolean all;

        @Option(names = "--tenants", required = true, split = ",", paramLabel = "ID", description = "These tenants.")
        List<String> ids;

        @Option(names = "--select", required = true, paramLabel = "EXPR", description = "Tenants a selector matches.")
        String select;
    }

    @Override
    public Integer call() {
        wait.validate(spec);
        ApiClient api = FlotillaCli.root(spec).apiClient();
        PrintWriter out = spec.commandLine().getOut();
        int modes = (rollout != null ? 1 : 0) + (version != null ? 1 : 0) + (file != null ? 1 : 0);
        if (modes != 1) {
            throw new ParameterException(
                    spec.commandLine(),
                    "give exactly one of --rollout ID, --to VERSION (with --all, --tenants or"
                            + " --select) or -f PLAN.yaml");
        }
        if (rollout != null) {
            return undo(api, out);
        }
        if (wave != null || reason != null) {
            throw new ParameterException(spec.commandLine(), "--wave and --reason go with --rollout");
        }
        JsonNode plan = file != null ? downPlanFile() : downPlan();
        if (dryRun) {
            JsonNode preview = api.post("api/plans?dryRun=true", plan);
            out.print(PlanCommand.Preview.render(preview));
            out.flush();
            boolean blocked = preview.path("irreversible").size() > 0 && !allowIrreversible;
            return blocked ? 1 : 0;
        }
        return started(api, api.post("api/rollouts", plan), out);
    }

    private int undo(ApiClient api, PrintWriter out) {
        if (tenants != null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--rollout undoes that rollout's tenants; drop --all,"
                            + " --tenants and --select (--wave narrows it)");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (wave != null) {
            body.put("wave", wave);
        }
        if (allowIrreversible) {
            body.put("allowIrreversible", true);
        }
        if (reason != null) {
            body.put("reason", reason);
        }
        if (confirm != null) {
            body.put("confirm", confirm);
        }
        String path = "api/rollouts/" + ApiClient.segment(rollout) + "/rollback";
        if (dryRun) {
            return preview(api.post(path + "?dryRun=true", body), out);
        }
        return started(api, api.post(path, body), out);
    }

    private JsonNode downPlan() {
        if (tenants == null) {
            throw new ParameterException(spec.commandLine(), "--to needs --all, --tenants a,b or --select EXPR");
        }
        ObjectNode plan = Json.MAPPER.createObjectNode();
        plan.putObject("target").put("version", version);
        plan.put("direction", "down");
        // One wave: every tenant is tried, as for rollout start --to (a plan file sets its own budget).
        plan.putObject("failureBudget").put("percent", 100);
        if (tenants.all) {
            plan.put("tenants", "all");
        } else if (tenants.ids != null) {
            tenants.ids.forEach(plan.putArray("tenants")::add);
        } else {
            plan.putArray("waves").addObject().put("name", "rollback").put("select", tenants.select);
        }
        if (allowIrreversible) {
            plan.put("allowIrreversible", true);
        }
        if (confirm != null) {
            plan.put("confirm", confirm);
        }
        return plan;
    }

    private JsonNode downPlanFile() {
        if (tenants != null || wave != null) {
            throw new ParameterException(spec.commandLine(), "-f takes the tenants and waves from the plan file");
        }
        JsonNode plan = PlanFile.read(file).json();
        if (!"down".equals(Json.text(plan, "direction"))) {
            throw new ParameterException(
                    spec.commandLine(),
                    file + ": a rollback plan says direction: down (rollout start runs the others)");
        }
        if (allowIrreversible) {
            ((ObjectNode) plan).put("allowIrreversible", true);
        }
        if (confirm != null) {
            ((ObjectNode) plan).put("confirm", confirm);
        }
        return plan;
    }

    private int started(ApiClient api, JsonNode rollback, PrintWriter out) {
        String id = Json.text(rollback, "id");
        String undoes = Json.text(rollback, "undoes");
        out.println("rollback " + id + " started: "
                + (undoes != null ? "undoes " + undoes : "down to " + Json.text(rollback, "targetVersion")) + ", "
                + Json.count(rollback.path("runs"), "total") + " tenants");
        out.flush();
        return wait.follow(api, id, out);
    }

    private static int preview(JsonNode preview, PrintWriter out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = preview.path("tenants").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> tenant = it.next();
            StringBuilder line = new StringBuilder(tenant.getKey()).append(": revert");
            tenant.getValue().forEach(v -> line.append(' ').append(v.asText()));
            String stopped = Json.text(preview.path("stoppedAbove"), tenant.getKey());
            if (stopped != null) {
                line.append(" (stops above ").append(stopped).append(", irreversible)");
            }
            out.println(line);
        }
        preview.path("untouched").forEach(t -> out.println(t.asText() + ": untouched, left alone"));
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        preview.path("irreversible").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> blocking = it.next();
            out.println("irreversible " + blocking.getKey() + " (no down script) blocks: " + blocking.getValue());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        preview.path("blockedTenants").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> tenant = it.next();
            out.println(tenant.getKey() + ": blocked, " + tenant.getValue().asText());
        }
        boolean blocked = preview.path("blocked").asBoolean();
        out.println(blocked ? "refused: " + Json.text(preview, "refusal") : "ok");
        out.flush();
        return blocked ? 1 : 0;
    }
}
