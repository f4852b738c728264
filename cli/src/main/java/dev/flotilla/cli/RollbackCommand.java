package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flotilla rollback --rollout ID}: undoes what a rollout applied, tenant by tenant, in reverse
 * version order, as a rollout of its own (direction down) that {@code rollout show} follows.
 */
@Command(
        name = "rollback",
        mixinStandardHelpOptions = true,
        description = "Undo what a rollout (or one wave of it) applied: down steps in reverse order, only where"
                + " applied. A running rollout is cancelled first.")
public final class RollbackCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rollout", required = true, paramLabel = "ID", description = "The rollout to undo.")
    String rollout;

    @Option(names = "--wave", paramLabel = "NAME", description = "Only the tenants of this wave of it.")
    String wave;

    @Option(
            names = "--allow-irreversible",
            description = "Revert tenants down to just above a migration without a down script, instead of refusing.")
    boolean allowIrreversible;

    @Option(names = "--dry-run", description = "Show what would be reverted; change nothing.")
    boolean dryRun;

    @Option(names = "--reason", paramLabel = "WHY", description = "Why; recorded with the action.")
    String reason;

    @Option(names = "--wait", description = "Follow the rollback until it ends; exit 1 unless it completes.")
    boolean await;

    @Override
    public Integer call() {
        ApiClient api = FlotillaCli.root(spec).apiClient();
        PrintWriter out = spec.commandLine().getOut();
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
        String path = "api/rollouts/" + ApiClient.segment(rollout) + "/rollback";
        if (dryRun) {
            return preview(api.post(path + "?dryRun=true", body), out);
        }
        JsonNode rollback = api.post(path, body);
        String id = Json.text(rollback, "id");
        out.println("rollback " + id + " started: undoes " + rollout + ", " + Json.count(rollback.path("runs"), "total")
                + " tenants");
        out.flush();
        return await ? RolloutStartCommand.follow(api, id, out) : 0;
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
        boolean blocked = preview.path("blocked").asBoolean();
        out.println(blocked ? "refused as it stands: pass --allow-irreversible to revert down to just above it" : "ok");
        out.flush();
        return blocked ? 1 : 0;
    }
}
