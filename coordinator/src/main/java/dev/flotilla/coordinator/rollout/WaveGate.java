package dev.flotilla.coordinator.rollout;

import dev.flotilla.coordinator.plan.FailureBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides what a rollout's current wave allows: keep dispatching, halt on a breached failure budget,
 * wait (soak, approval) or go on to the next wave. Pure; the clock is the caller's {@code now}.
 */
public final class WaveGate {

    private WaveGate() {}

    /**
     * The current wave: its runs, and when they were all seen done ({@code doneAt}, nullable).
     *
     * @param awaitingApproval the wave needs an approval to start and has none yet
     */
    public record Wave(String name, boolean awaitingApproval, RunCounts runs, Duration soak, Instant doneAt) {}

    /** The wave after the current one. */
    public record Next(String name, boolean needsApproval, boolean approved) {}

    public sealed interface Verdict {}

    /** The wave still has runs to dispatch or to finish. */
    public record Dispatch() implements Verdict {}

    /** The failure budget is breached: no new runs. */
    public record Halt(String reason) implements Verdict {}

    /**
     * The wave waits: for an approval, or until the soak ends.
     *
     * @param until when waiting ends by the clock alone (a soak); null when someone must act
     * @param approvalOf the wave whose approval it waits for; null when it waits for the clock
     */
    public record Wait(String reason, Instant until, String approvalOf) implements Verdict {

        static Wait forApproval(String wave) {
            return new Wait("wave " + wave + " waits for approval", null, wave);
        }
    }

    /** The wave is done and the next one may start. */
    public record Advance() implements Verdict {}

    /** The last wave is done. */
    public record Finish() implements Verdict {}

    public static Verdict check(Wave wave, FailureBudget budget, Optional<Next> next, Instant now) {
        if (wave.awaitingApproval()) {
            return Wait.forApproval(wave.name());
        }
        int tenants = wave.runs().total();
        int failed = wave.runs().get(RunState.FAILED);
        if (budget.breachedBy(failed, tenants)) {
            return new Halt("wave " + wave.name() + ": " + failed + " of " + tenants
                    + " tenants failed, more than its failure budget allows (" + budget.allowed(tenants) + ")");
        }
        if (wave.runs().unfinished() > 0 || wave.doneAt() == null) {
            return new Dispatch();
        }
        if (next.isEmpty()) {
            return new Finish();
        }
        Instant soakedAt = wave.doneAt().plus(wave.soak());
        if (now.isBefore(soakedAt)) {
            return new Wait("wave " + wave.name() + " soaks until " + soakedAt, soakedAt, null);
        }
        if (next.get().needsApproval() && !next.get().approved()) {
            return Wait.forApproval(next.get().name());
        }
        return new Advance();
    }
}
