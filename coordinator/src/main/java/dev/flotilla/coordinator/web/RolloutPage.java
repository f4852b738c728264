package dev.flotilla.coordinator.web;

import dev.flotilla.coordinator.api.RolloutView;
import dev.flotilla.coordinator.plan.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A rollout's page: what the API says of it ({@link RolloutView}), its waves as the boxes of a
 * pipeline, and which operator buttons apply in its state (the API decides; a refused action shows
 * the API's answer).
 *
 * @param done the share of its runs that ended (succeeded or skipped), as a whole percentage
 * @param budgetUsed the failures against its failure budget, as it reads
 */
public record RolloutPage(RolloutView rollout, int done, String budgetUsed, List<WaveBox> waves, Buttons buttons) {

    /**
     * A wave as a pipeline box.
     *
     * @param css the class its status is coloured with
     * @param done the share of its tenants done, as a whole percentage
     * @param soakEndsAt when its soak ends, while it soaks; null otherwise
     * @param eta how long it still needs, as it reads, while it runs; null otherwise or when unknown
     */
    public record WaveBox(RolloutView.WaveView wave, String css, int done, Instant soakEndsAt, String eta) {

        public boolean awaitingApproval() {
            return "awaiting-approval".equals(wave.status());
        }
    }

    /** The buttons the rollout's state offers. */
    public record Buttons(boolean pause, boolean resume, boolean cancel, boolean rollback, boolean retry) {}

    static RolloutPage of(RolloutView rollout) {
        Map<String, Integer> runs = rollout.runs();
        int total = runs.getOrDefault("total", 0);
        int ended = runs.getOrDefault("succeeded", 0) + runs.getOrDefault("skipped", 0);
        int failed = runs.getOrDefault("failed", 0) + runs.getOrDefault("cancelled", 0);
        String state = rollout.state();
        boolean open = state.equals("RUNNING") || state.equals("PAUSED") || state.equals("HALTED");
        Buttons buttons = new Buttons(
                state.equals("RUNNING"),
                state.equals("PAUSED") || state.equals("HALTED"),
                open,
                rollout.direction().equals("up"),
                open);
        List<WaveBox> waves = rollout.waves() == null
                ? List.of()
                : rollout.waves().stream().map(RolloutPage::box).toList();
        return new RolloutPage(rollout, percent(ended, total), budget(rollout, failed), waves, buttons);
    }

    private static WaveBox box(RolloutView.WaveView wave) {
        Instant soakEnds = wave.status().equals("soaking") && wave.doneAt() != null && wave.soak() != null
                ? wave.doneAt().plus(Durations.parse(wave.soak()))
                : null;
        String eta = wave.etaSeconds() == null || !wave.status().equals("running")
                ? null
                : Durations.format(Duration.ofSeconds(wave.etaSeconds()));
        return new WaveBox(
                wave, "wave-" + wave.status(), percent(wave.done() + wave.skipped(), wave.tenants()), soakEnds, eta);
    }

    /**
     * The failures against the budget, which tolerates per wave the larger of {@code count} tenants
     * and {@code percent} of the wave: "1 failed; each wave tolerates none".
     */
    private static String budget(RolloutView rollout, int failed) {
        int count = rollout.failureBudget().getOrDefault("count", 0);
        int percent = rollout.failureBudget().getOrDefault("percent", 0);
        String tolerates;
        if (count == 0 && percent == 0) {
            tolerates = "none";
        } else if (percent == 0) {
            tolerates = count + (count == 1 ? " failed tenant" : " failed tenants");
        } else if (count == 0) {
            tolerates = percent + "% of its tenants failing";
        } else {
            tolerates = count + " failed tenants or " + percent + "% of its tenants, whichever is more";
        }
        return failed + " failed; each wave tolerates " + tolerates;
    }

    private static int percent(int part, int whole) {
        return whole == 0 ? 0 : (int) Math.floor(100.0 * part / whole);
    }
}
