package dev.flotilla.coordinator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gauges of one name, one per set of tags, each showing the value last set for it. A set of tags
 * is registered the first time it is set and stays registered, so a scrape never misses a series
 * between two refreshes; one that a refresh no longer reports shows {@code absent} from then on.
 * {@link #remove} takes them out of the registry, which may outlive the application (the injected
 * registry is Micrometer's global one: tests restart Quarkus in one JVM, and a gauge left behind would
 * keep showing the values of the application that registered it).
 */
final class GaugeFamily {

    /** The base unit of a gauge in seconds: Prometheus names it {@code …_seconds}. */
    static final String SECONDS = "seconds";

    private final MeterRegistry registry;
    private final String name;
    private final String description;
    /** The unit Prometheus names the gauge after ({@code seconds}); null for a count. */
    private final String unit;

    private final Map<Tags, Value> values = new ConcurrentHashMap<>();

    private static final class Value {
        volatile double value;
        Gauge gauge;
    }

    /** @param unit the base unit, such as {@code seconds}; null for a count */
    GaugeFamily(MeterRegistry registry, String name, String unit, String description) {
        this.registry = registry;
        this.name = name;
        this.unit = unit;
        this.description = description;
    }

    /** Sets the gauge without tags. */
    void set(double value) {
        set(Tags.empty(), value);
    }

    void set(Tags tags, double value) {
        values.computeIfAbsent(tags, this::register).value = value;
    }

    /** Sets every gauge of {@code latest}, and every other one already registered to {@code absent}. */
    void replaceAll(Map<Tags, Double> latest, double absent) {
        latest.forEach(this::set);
        values.forEach((tags, value) -> {
            if (!latest.containsKey(tags)) {
                value.value = absent;
            }
        });
    }

    /** Removes every gauge of the family from the registry. */
    void remove() {
        values.values().forEach(value -> registry.remove(value.gauge));
        values.clear();
    }

    private Value register(Tags tags) {
        Value value = new Value();
        value.gauge = Gauge.builder(name, value, v -> v.value)
                .tags(tags)
                .baseUnit(unit)
                .description(description)
                .strongReference(true)
                .register(registry);
        return value;
    }
}
