package dev.flotilla.coordinator.access;

/** A token request that cannot be done: what is wrong, and whether it names something unknown or a clash. */
public final class TokenRefused extends RuntimeException {

    /** How the request is wrong. */
    public enum Kind {
        /** A field's value is not acceptable; {@link #field()} names it. */
        INVALID,
        /** No such token. */
        NOT_FOUND,
        /** It clashes with a token that exists, such as an active token of the same name. */
        CONFLICT
    }

    private final Kind kind;
    private final String field;

    public TokenRefused(Kind kind, String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    /** The field at fault; null unless {@link Kind#INVALID}. */
    public String field() {
        return field;
    }
}
