package dev.flotilla.coordinator.store;

import dev.flotilla.model.wire.Direction;

/** How a rollout's direction is stored: 0 up, 1 down (column {@code rollouts.direction}). */
final class Directions {

    private Directions() {}

    static short code(Direction direction) {
        return (short) (direction == Direction.DOWN ? 1 : 0);
    }

    /** @throws IllegalStateException for a code this version does not know: never guess a direction */
    static Direction of(int code) {
        return switch (code) {
            case 0 -> Direction.UP;
            case 1 -> Direction.DOWN;
            default -> throw new IllegalStateException("unknown rollout direction code " + code);
        };
    }
}
