package dev.flotilla.coordinator.rollout;

/** A state change its lifecycle does not allow: a bug in the caller, never an operator's mistake. */
public final class IllegalTransitionException extends IllegalStateException {

    IllegalTransitionException(String what, Enum<?> from, Enum<?> to) {
        super(what + " cannot move from " + from + " to " + to);
    }
}
