package dev.flotilla.model.wire;

/** A message that cannot be read: not JSON, no envelope, or a type this reader does not know. */
public final class WireException extends RuntimeException {

    private final boolean unknownType;

    private WireException(String message, Throwable cause, boolean unknownType) {
        super(message, cause);
        this.unknownType = unknownType;
    }

    static WireException malformed(String message, Throwable cause) {
        return new WireException(message, cause, false);
    }

    static WireException unknownType(String type) {
        return new WireException("unknown message type '" + type + "'", null, true);
    }

    /** True when the message is well formed but of a type added after this reader was built. */
    public boolean isUnknownType() {
        return unknownType;
    }
}
