package dev.flotilla.coordinator.rollout;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/** How long the steps left will take, from the step durations observed so far. Pure. */
public final class Eta {

    private Eta() {}

    /**
     * @param stepsLeft steps of the runs not finished yet
     * @param secondsPerStep the mean wall time of a step in a finished run, if any run finished yet
     * @param parallel how many runs execute at once
     * @return empty until a run has finished, so there is nothing to estimate from
     */
    public static Optional<Duration> of(long stepsLeft, OptionalDouble secondsPerStep, int parallel) {
        if (stepsLeft == 0) {
            return Optional.of(Duration.ZERO);
        }
        if (secondsPerStep.isEmpty() || parallel < 1) {
            return Optional.empty();
        }
        double seconds = stepsLeft * secondsPerStep.getAsDouble() / parallel;
        return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
    }
}
