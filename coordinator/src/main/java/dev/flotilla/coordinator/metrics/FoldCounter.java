package dev.flotilla.coordinator.metrics;

import dev.flotilla.coordinator.service.FoldListener;
import dev.flotilla.model.wire.Event;
import dev.flotilla.model.wire.MessageTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the events this coordinator folded, by type ({@code flotilla_events_folded_total}):
 * duplicates are not counted, events set aside as dead letters neither.
 */
@ApplicationScoped
public class FoldCounter implements FoldListener {

    private final MeterRegistry registry;
    private final Map<String, Counter> byType = new ConcurrentHashMap<>();

    public FoldCounter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void folded(List<Event> events) {
        for (Event event : events) {
            byType.computeIfAbsent(MessageTypes.nameOf(event), this::counter).increment();
        }
    }

    /** Takes the counters out of the registry, which outlives the application (see {@link GaugeFamily}). */
    @PreDestroy
    void remove() {
        byType.values().forEach(registry::remove);
        byType.clear();
    }

    private Counter counter(String type) {
        return Counter.builder("flotilla.events.folded")
                .tag("type", type)
                .description("Events from agents folded into the matrix and the runs, duplicates left out")
                .register(registry);
    }
}
