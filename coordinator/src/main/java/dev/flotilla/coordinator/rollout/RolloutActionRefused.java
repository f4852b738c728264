package dev.flotilla.coordinator.rollout;

/** An operator action the rollout's state does not allow (the API answers 409), or about nothing known (404). */
public final class RolloutActionRefused extends RuntimeException {

    private final boolean notFound;

    private RolloutActionRefused(String message, boolean notFound) {
        super(message);
        this.notFound = notFound;
    }

    public static RolloutActionRefused conflict(String message) {
        return new RolloutActionRefused(message, false);
    }

    public static RolloutActionRefused notFound(String message) {
        return new RolloutActionRefused(message, true);
    }

    public boolean notFound() {
        return notFound;
    }
}
