package dev.flotilla.coordinator.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The gate of a rollout that only an operator's approval opens: the current wave when it waits to
 * start, else the wave after a done current wave. Pure. The approve action opens it ({@link
 * OperatorDecisions}); the alerting gauges ask how long a rollout has been waiting at it.
 */
public final class ApprovalGate {

    private ApprovalGate() {}

    /** The wave whose approval a rollout standing at wave {@code current} waits for now, if any. */
    public static Optional<Wave> of(int current, List<Wave> waves, Instant now) {
        Wave here = waves.get(current);
        Optional<Wave> candidate;
        if (here.startedAt() == null) {
            candidate = Optional.of(here);
        } else if (here.doneAt() == null || current + 1 >= waves.size()) {
            candidate = Optional.empty();
        } else {
            candidate = Optional.of(waves.get(current + 1));
        }
        return candidate.filter(wave -> wave.stateAt(current, now).allows(RolloutAction.APPROVE));
    }

    /**
     * Since when a running rollout has been held by nothing but that approval: from its creation for
     * a first wave that needs one, else from the end of the previous wave's soak. Empty when no wave
     * waits for an approval, or while the previous wave still soaks (an operator may approve the wave
     * during the soak, but the rollout is not held up by it yet).
     *
     * @param createdAt when the rollout was created
     */
    public static Optional<Instant> waitingSince(int current, List<Wave> waves, Instant createdAt, Instant now) {
        return of(current, waves, now)
                .map(gate -> gate.position() == 0
                        ? createdAt
                        : soaked(waves.get(gate.position() - 1)).orElse(createdAt))
                .filter(since -> !since.isAfter(now));
    }

    private static Optional<Instant> soaked(Wave wave) {
        return Optional.ofNullable(wave.doneAt())
                .map(done -> done.plus(wave.spec().soak()));
    }
}
