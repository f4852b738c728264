package dev.flotilla.model.wire;

/** Whether a step applies a migration's up or its down script. */
public enum Direction {
    UP,
    DOWN
}
