package dev.flotilla.coordinator.metrics;

import dev.flotilla.coordinator.store.Leadership;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Whether this coordinator leads ({@code flotilla_leader}, 1 or 0) and the fencing epoch it leads
 * with ({@code flotilla_leader_epoch}, 0 on a standby): summed over the coordinators, the first is 1
 * while exactly one leads, which is what to alert on. Created at start-up, as nothing injects it.
 */
@Startup
@ApplicationScoped
public class LeaderGauges {

    private final MeterRegistry registry;
    private final List<Meter> meters;

    public LeaderGauges(MeterRegistry registry, Leadership leadership) {
        this.registry = registry;
        this.meters = List.of(
                Gauge.builder("flotilla.leader", leadership, l -> l.isLeader() ? 1 : 0)
                        .description("1 when this coordinator leads (dispatches and relays), 0 on a standby")
                        .strongReference(true)
                        .register(registry),
                Gauge.builder("flotilla.leader.epoch", leadership, Leadership::epoch)
                        .description("The fencing epoch this coordinator leads with, 0 when it does not lead")
                        .strongReference(true)
                        .register(registry));
    }

    /** The registry may outlive the application (tests restart Quarkus in one JVM): take the gauges out. */
    @PreDestroy
    void remove() {
        meters.forEach(registry::remove);
    }
}
