package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a rollout as {@code GET /api/rollouts/{id}} returns it: one progress line, whether it has
 * ended, and whether it succeeded. Only {@code COMPLETED} is success: a halted or cancelled rollout
 * left tenants behind.
 */
public final class RolloutProgress {

    /** States after which a rollout changes no more on its own; anything else is still moving. */
    static final Set<String> FINAL_STATES = Set.of("COMPLETED", "HALTED", "CANCELLED", "ROLLED_BACK");

    private RolloutProgress() {}

    /**
     * E.g. {@code RUNNING  6/24 succeeded, 0 failed, 8 running, 10 waiting}; a rollout of several
     * waves says which one it stands at while it runs: {@code RUNNING   wave beta (2/3): 6/24 …}.
     */
    public static String line(JsonNode rollout) {
        JsonNode runs = rollout.path("runs");
        long total = Json.count(runs, "total");
        long running = Json.count(runs, "running") + Json.count(runs, "dispatched");
        StringBuilder line = new StringBuilder()
                .append(String.format("%-9s", state(rollout)))
                .append(' ');
        JsonNode waves = rollout.path("waves");
        String current = Json.text(rollout, "currentWave");
        if (waves.size() > 1 && current != null && !ended(rollout)) {
            for (int i = 0; i < waves.size(); i++) {
                if (current.equals(Json.text(waves.get(i), "name"))) {
                    line.append("wave ")
                            .append(current)
                            .append(" (")
                            .append(i + 1)
                            .append('/')
                            .append(waves.size())
                            .append("): ");
                }
            }
        }
        line.append(Json.count(runs, "succeeded"))
                .append('/')
                .append(total)
                .append(" succeeded, ")
                .append(Json.count(runs, "failed"))
                .append(" failed, ")
                .append(running)
                .append(" running");
        long pending = Json.count(runs, "pending");
        if (pending > 0) {
            line.append(", ").append(pending).append(" waiting");
        }
        long blocked = Json.count(runs, "blocked");
        if (blocked > 0) {
            line.append(", ").append(blocked).append(" blocked");
        }
        long cancelled = Json.count(runs, "cancelled");
        if (cancelled > 0) {
            line.append(", ").append(cancelled).append(" cancelled");
        }
        String reason = Json.text(rollout, "reason");
        if (reason != null) {
            line.append(" (").append(reason).append(')');
        }
        return line.toString().stripTrailing();
    }

    /**
     * The wave the rollout holds at for an operator's approval ({@code flotilla rollout approve}),
     * if it runs and one does.
     */
    public static Optional<String> waveAwaitingApproval(JsonNode rollout) {
        if (!"RUNNING".equals(state(rollout))) {
            return Optional.empty();
        }
        for (JsonNode wave : rollout.path("waves")) {
            if ("awaiting-approval".equals(Json.text(wave, "status"))) {
                return Optional.ofNullable(Json.text(wave, "name"));
            }
        }
        return Optional.empty();
    }

    public static String state(JsonNode rollout) {
        String state = Json.text(rollout, "state");
        return state == null ? "UNKNOWN" : state;
    }

    public static boolean ended(JsonNode rollout) {
        return FINAL_STATES.contains(state(rollout));
    }

    public static boolean succeeded(JsonNode rollout) {
        return "COMPLETED".equals(state(rollout));
    }

    /** The failures as indented lines, or an empty string when there are none. */
    public static String failures(JsonNode rollout) {
        return byTenant(rollout.path("failures"));
    }

    /** The notes (a revert that stops above an irreversible step) as indented lines; empty when none. */
    public static String notes(JsonNode rollout) {
        return byTenant(rollout.path("notes"));
    }

    private static String byTenant(JsonNode messages) {
        StringBuilder out = new StringBuilder();
        for (JsonNode message : messages) {
            out.append("  ")
                    .append(Json.text(message, "tenant"))
                    .append(": ")
                    .append(Json.text(message, "message"))
                    .append('\n');
        }
        return out.toString();
    }
}
