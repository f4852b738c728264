package dev.flotilla.coordinator.plan;

import java.util.Optional;

/**
 * What a rollout does when a wave breaches its failure budget, besides halting: a plan's {@code
 * onBreach}. Persisted by {@link #code()}; an unknown code reads as UNKNOWN, which only halts, like
 * {@link #HALT}: a coordinator never rolls back on a policy it cannot read.
 */
public enum OnBreach {
    /** The rollout halts for an operator to look (the default). */
    HALT(0, "halt"),
    /** The rollout halts and the tenants of the breached wave that applied steps are rolled back. */
    ROLLBACK_WAVE(1, "rollback-wave"),
    UNKNOWN(-1, "unknown");

    private final int code;
    private final String label;

    OnBreach(int code, String label) {
        this.code = code;
        this.label = label;
    }

    public int code() {
        return code;
    }

    /** How a plan file and the API write it. */
    public String label() {
        return label;
    }

    /** Whether a breach rolls the wave back automatically. */
    public boolean rollsBack() {
        return this == ROLLBACK_WAVE;
    }

    public static OnBreach fromCode(int code) {
        for (OnBreach value : values()) {
            if (value.code == code) {
                return value;
            }
        }
        return UNKNOWN;
    }

    /** The policy a plan file names; empty for anything but {@code halt} and {@code rollback-wave}. */
    public static Optional<OnBreach> ofLabel(String label) {
        return switch (label) {
            case "halt" -> Optional.of(HALT);
            case "rollback-wave" -> Optional.of(ROLLBACK_WAVE);
            default -> Optional.empty();
        };
    }
}
