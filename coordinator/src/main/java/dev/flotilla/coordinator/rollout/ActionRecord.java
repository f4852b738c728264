package dev.flotilla.coordinator.rollout;

import java.time.Instant;

/**
 * One entry of a rollout's audit trail: an operator's action or the engine's halt.
 *
 * @param tenant the tenant it was about; null for the whole rollout
 * @param reason why, as the actor gave it; nullable
 */
public record ActionRecord(Instant at, String actor, String action, String tenant, String reason) {

    /** Who the engine's own actions (a halt) are recorded as. */
    public static final String ENGINE = "flotilla";
}
