package dev.flotilla.coordinator.plan;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One wave of a plan file: the tenants its selector takes (at most {@code limit}, the first by tenant
 * id), how long it soaks once done before the next wave starts, and whether an operator must approve
 * it before it starts.
 *
 * @param select the selector's text, as written
 */
public record WaveSpec(String name, String select, OptionalInt limit, Duration soak, boolean approval) {

    public WaveSpec {
        Objects.requireNonNull(name);
        Objects.requireNonNull(select);
        Objects.requireNonNull(soak);
    }

    /** The selector, parsed. */
    public TenantSelector selector() {
        return SelectorParser.parse(select);
    }
}
