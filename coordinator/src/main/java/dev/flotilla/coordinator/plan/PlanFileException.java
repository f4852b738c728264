package dev.flotilla.coordinator.plan;

/** A plan that cannot be run as written; {@link #field()} names the field at fault, e.g. {@code waves[1].select}. */
public final class PlanFileException extends IllegalArgumentException {

    private final String field;

    public PlanFileException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The problem without the field name. */
    public String problem() {
        return getMessage().substring(field.length() + 2);
    }
}
