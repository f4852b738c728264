package dev.flotilla.coordinator.plan;

/**
 * How many failed tenants a wave tolerates: {@code count} tenants or {@code percent} of the wave,
 * whichever allows more. More failures than that are a breach, which halts the rollout.
 */
public record FailureBudget(int count, int percent) {

    /** No failure is tolerated. */
    public static final FailureBudget NONE = new FailureBudget(0, 0);

    /** Failures never halt the rollout (a rollout without waves: every tenant is tried). */
    public static final FailureBudget UNLIMITED = new FailureBudget(Integer.MAX_VALUE, 100);

    public FailureBudget {
        if (count < 0) {
            throw new IllegalArgumentException("failureBudget.count must not be negative, was " + count);
        }
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("failureBudget.percent must be between 0 and 100, was " + percent);
        }
    }

    /** The failures a wave of {@code tenants} tolerates. */
    public int allowed(int tenants) {
        return Math.max(count, (int) ((long) tenants * percent / 100));
    }

    public boolean breachedBy(int failed, int tenants) {
        return failed > allowed(tenants);
    }
}
