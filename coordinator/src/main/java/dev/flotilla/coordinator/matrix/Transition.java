package dev.flotilla.coordinator.matrix;

/** The result of feeding an input to a cell. */
public sealed interface Transition {

    record Moved(CellState to) implements Transition {}

    /** The input changes nothing, as a duplicate or replayed event must. */
    record Unchanged() implements Transition {}

    /** The input cannot happen in this state; the cell keeps its state and the reason is logged. */
    record Illegal(String reason) implements Transition {}
}
