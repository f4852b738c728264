package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Shows one rollout: where it stands, and which tenants failed and why; which rollouts roll it back,
 * or which one it rolls back.
 */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show a rollout and its progress.")
public final class RolloutShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The rollout id.")
    String id;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        JsonNode rollout = FlotillaCli.root(spec).apiClient().get("api/rollouts/" + ApiClient.segment(id));
        output.print(spec.commandLine().getOut(), rollout, RolloutShowCommand::render);
        return 0;
    }

    /** Renders the answer of {@code GET /api/rollouts/{id}}. */
    static String render(JsonNode rollout) {
        JsonNode runs = rollout.path("runs");
        JsonNode limits = rollout.path("concurrency");
        JsonNode budget = rollout.path("failureBudget");
        StringBuilder out = new StringBuilder();
        field(out, "rollout", Json.text(rollout, "id"));
        field(out, "state", RolloutProgress.state(rollout));
        field(out, "why", Json.text(rollout, "reason"));
        for (JsonNode rollback : rollout.path("rollbacks")) {
            String wave = Json.text(rollback, "wave");
            field(
                    out,
                    "rolled back",
                    "by " + Json.text(rollback, "id") + " (" + (wave == null ? "every wave" : "wave " + wave) + ", "
                            + Json.text(rollback, "state") + ")");
        }
        field(out, "target", target(rollout));
        field(out, "plan", Json.text(rollout, "planId"));
        field(
                out,
                "concurrency",
                limits.isMissingNode()
                        ? Json.text(rollout, "maxParallel")
                        : Json.text(limits, "fleet") + " fleet, " + Json.text(limits, "perSite") + " per site, "
                                + Json.text(limits, "perWave") + " per wave");
        if (!budget.isMissingNode()) {
            field(out, "budget", budget(budget));
        }
        String onBreach = Json.text(rollout, "onBreach");
        if (onBreach != null) {
            boolean allow = rollout.path("allowIrreversible").asBoolean(false);
            field(
                    out,
                    "on breach",
                    "rollback-wave".equals(onBreach)
                            ? "halt, and roll the wave back" + (allow ? " (down to just above irreversible steps)" : "")
                            : "halt");
        }
        field(out, "created", Json.text(rollout, "createdAt"));
        field(out, "finished", Json.text(rollout, "finishedAt"));
        field(
                out,
                "runs",
                Json.count(runs, "total") + " total: " + Json.count(runs, "succeeded") + " succeeded, "
                        + Json.count(runs, "failed") + " failed, " + Json.count(runs, "running") + " running, "
                        + Json.count(runs, "dispatched") + " dispatched, " + Json.count(runs, "pending")
                        + " pending, " + Json.count(runs, "skipped") + " skipped, " + Json.count(runs, "cancelled")
                        + " cancelled");
        if (rollout.path("waves").size() > 0) {
            out.append("waves:\n").append(waves(rollout.path("waves")));
        }
        if (rollout.path("batches").size() > 0) {
            out.append("batched steps:\n").append(indent(BatchBars.render(rollout.path("batches"))));
        }
        String failures = RolloutProgress.failures(rollout);
        if (!failures.isEmpty()) {
            out.append("failures:\n").append(failures);
        }
        String notes = RolloutProgress.notes(rollout);
        if (!notes.isEmpty()) {
            out.append("notes:\n").append(notes);
        }
        if (rollout.path("actions").size() > 0) {
            out.append("actions:\n").append(actions(rollout.path("actions")));
        }
        return out.toString();
    }

    private static String target(JsonNode rollout) {
        JsonNode target = rollout.path("target");
        if (Json.text(target, "rollback") != null) {
            String wave = Json.text(target, "wave");
            return "rollback of rollout " + Json.text(target, "rollback") + (wave == null ? "" : ", wave " + wave);
        }
        String upTo = " (up to " + Json.text(rollout, "targetVersion") + ")";
        if (Json.text(target, "select") != null) {
            return "migrations " + Json.text(target, "select") + upTo;
        }
        if (Json.text(target, "release") != null) {
            return "release " + Json.text(target, "release") + upTo;
        }
        return Json.text(target, "version");
    }

    private static String budget(JsonNode budget) {
        long count = Json.count(budget, "count");
        return count >= Integer.MAX_VALUE
                ? "none: every tenant is tried"
                : count + " tenants or " + Json.count(budget, "percent") + "% per wave, whichever is more";
    }

    private static String waves(JsonNode waves) {
        Table table = Table.withHeaders(
                        "WAVE", "STATUS", "SELECT", "TENANTS", "DONE", "RUNNING", "FAILED", "PENDING", "SKIPPED",
                        "ELAPSED", "ETA")
                .rightAlign(3, 4, 5, 6, 7, 8, 9, 10);
        for (JsonNode wave : waves) {
            table.row(
                    Json.text(wave, "name"),
                    Json.text(wave, "status"),
                    Json.text(wave, "select"),
                    Json.text(wave, "tenants"),
                    Json.text(wave, "done"),
                    Json.text(wave, "running"),
                    Json.text(wave, "failed"),
                    Json.text(wave, "pending"),
                    Json.text(wave, "skipped"),
                    seconds(wave.get("elapsedSeconds")),
                    seconds(wave.get("etaSeconds")));
        }
        return indent(table.render());
    }

    private static String actions(JsonNode actions) {
        StringBuilder out = new StringBuilder();
        for (JsonNode action : actions) {
            out.append("  ")
                    .append(Json.text(action, "at"))
                    .append("  ")
                    .append(Json.text(action, "actor"))
                    .append(' ')
                    .append(Json.text(action, "action"));
            String tenant = Json.text(action, "tenant");
            if (tenant != null) {
                out.append(' ').append(tenant);
            }
            String reason = Json.text(action, "reason");
            if (reason != null) {
                out.append(": ").append(reason);
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** A duration in seconds as 42s, 3m5s or 2h10m; "-" when null. */
    static String seconds(JsonNode seconds) {
        if (seconds == null || seconds.isNull()) {
            return "-";
        }
        long s = seconds.asLong();
        return s >= 3600
                ? (s / 3600) + "h" + (s % 3600 / 60) + "m"
                : s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
    }

    private static String indent(String text) {
        StringBuilder out = new StringBuilder();
        text.lines().forEach(line -> out.append("  ").append(line).append('\n'));
        return out.toString();
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(String.format("%-13s %s\n", name + ":", value == null ? "-" : value));
    }
}
