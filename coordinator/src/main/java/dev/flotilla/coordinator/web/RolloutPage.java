package dev.flotilla.coordinator.web;

import dev.flotilla.coordinator.access.Role;
import dev.flotilla.coordinator.api.RolloutView;
import dev.flotilla.coordinator.plan.Durations;
import dev.flotilla.coordinator.rollout.ActionRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A rollout's page: what the API says of it ({@link RolloutView}), its waves as the boxes of a
 * pipeline, and the operator buttons its state takes (as the API lists them; a refused action shows
 * the API's answer). Long lists are cut to their first {@value #LISTED} entries.
 *
 * @param done the share of its runs that ended (succeeded or skipped), as a whole percentage
 * @param budget what its failure budget tolerates in each wave, as it reads
 * @param failures the first failed tenants; {@code failuresHidden} more are not listed
 * @param actions the last entries of its audit trail; {@code actionsHidden} earlier ones are not listed
 */
public record RolloutPage(
        RolloutView rollout,
        int done,
        String budget,
        List<WaveBox> waves,
        Buttons buttons,
        List<RolloutView.Failure> failures,
        int failuresHidden,
        List<ActionRecord> actions,
        int actionsHidden) {

    static final int LISTED = 200;

    /**
     * A wave as a pipeline box.
     *
     * @param css the class its status is coloured with
     * @param done the share of its tenants done, as a whole percentage
     * @param soakEndsAt when its soak ends, while it soaks; null otherwise
     * @param eta how long it still needs, as it reads, while it runs; null otherwise or when unknown
     * @param budget its failures against what its budget allows, as it reads
     */
    public record WaveBox(
            RolloutView.WaveView wave, String css, int done, Instant soakEndsAt, String eta, String budget) {}

    /** The buttons the rollout's state offers and the caller's roles allow. */
    public record Buttons(
            boolean pause, boolean resume, boolean cancel, boolean rollback, boolean retry, boolean approve) {}

    /** @param holds whether the caller holds a role: a button the caller may not use is not shown */
    static RolloutPage of(RolloutView rollout, Predicate<Role> holds) {
        boolean operates = holds.test(Role.OPERATOR);
        Map<String, Integer> runs = rollout.runs();
        int total = runs.getOrDefault("total", 0);
        int ended = runs.getOrDefault("succeeded", 0) + runs.getOrDefault("skipped", 0);
        List<String> allowed = rollout.allowedActions();
        Buttons buttons = new Buttons(
                operates && allowed.contains("pause"),
                operates && allowed.contains("resume"),
                operates && allowed.contains("cancel"),
                holds.test(Role.ADMIN) && rollout.direction().equals("up"),
                operates && allowed.contains("retry"),
                holds.test(Role.APPROVER));
        List<WaveBox> waves = rollout.waves() == null
                ? List.of()
                : rollout.waves().stream().map(RolloutPage::box).toList();
        List<RolloutView.Failure> failures = rollout.failures() == null ? List.of() : rollout.failures();
        List<ActionRecord> actions = rollout.actions() == null ? List.of() : rollout.actions();
        return new RolloutPage(
                rollout,
                percent(ended, total),
                budget(rollout.failureBudget()),
                waves,
                buttons,
                failures.subList(0, Math.min(LISTED, failures.size())),
                Math.max(0, failures.size() - LISTED),
                actions.subList(Math.max(0, actions.size() - LISTED), actions.size()),
                Math.max(0, actions.size() - LISTED));
    }

    private static WaveBox box(RolloutView.WaveView wave) {
        boolean soaking = wave.status().equals("soaking");
        Instant soakEnds = soaking && wave.doneAt() != null && wave.soak() != null
                ? wave.doneAt().plus(Durations.parse(wave.soak()))
                : null;
        String eta = wave.etaSeconds() == null || !wave.status().equals("running")
                ? null
                : Durations.format(Duration.ofSeconds(wave.etaSeconds()));
        String budget = wave.failed() + " failed of "
                + (wave.failuresAllowed() == null ? "any number" : wave.failuresAllowed()) + " allowed";
        return new WaveBox(
                wave,
                "wave-" + wave.status(),
                percent(wave.done() + wave.skipped(), wave.tenants()),
                soakEnds,
                eta,
                budget);
    }

    /** The budget, which tolerates per wave the larger of {@code count} tenants and {@code percent} of them. */
    private static String budget(Map<String, Integer> budget) {
        int count = budget.getOrDefault("count", 0);
        int percent = budget.getOrDefault("percent", 0);
        if (count == Integer.MAX_VALUE || percent >= 100) {
            return "unlimited";
        }
        if (count == 0 && percent == 0) {
            return "no failure in any wave";
        }
        String tenants = count + (count == 1 ? " tenant" : " tenants");
        return "per wave, " + (percent == 0 ? tenants : tenants + " or " + percent + "% of it, whichever is more");
    }

    private static int percent(int part, int whole) {
        return whole == 0 ? 0 : (int) Math.floor(100.0 * part / whole);
    }
}
