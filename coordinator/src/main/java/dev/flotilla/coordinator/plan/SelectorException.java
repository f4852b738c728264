package dev.flotilla.coordinator.plan;

/** A malformed tenant selector; {@link #position()} is 1-based, the first character that does not fit. */
public final class SelectorException extends IllegalArgumentException {

    private final int position;

    public SelectorException(int position, String problem) {
        super("at position " + position + ": " + problem);
        this.position = position;
    }

    public int position() {
        return position;
    }
}
