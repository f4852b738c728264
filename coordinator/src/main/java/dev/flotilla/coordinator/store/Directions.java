package dev.flotilla.coordinator.store;

import dev.flotilla.model.wire.Direction;

/** How a rollout's direction is stored: 0 up, 1 down (column {@code rollouts.direction}). */
final class Directions {

    private Directions() {}

    static short code(Direction direction) {
        return (short) (direction == Direction.DOWN ? 1 : 0);
    }

    static Direction of(int code) {
        return code == 1 ? Direction.DOWN : Direction.UP;
    }
}
