package dev.flotilla.agent.metrics;

import dev.flotilla.agent.AgentConfig;
import dev.flotilla.agent.apply.BatchListener;
import dev.flotilla.agent.apply.ReportBacklog;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.Event;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.StepFailed;
import dev.flotilla.model.wire.StepSucceeded;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;

/**
 * The agent's metrics at {@code /q/metrics}, each tagged with the agent's site, never with a tenant:
 * steps applied and failed by migration version and direction, how long the applied ones took (a
 * histogram), runs by outcome, keys done by batched steps, and events handed to the producer that
 * the broker has not acknowledged yet. Steps and runs are counted from the events that report them
 * ({@link MeteredEvents}), so the counts say what happened on the tenants, sent or not.
 */
@ApplicationScoped
public class AgentMeters implements BatchListener {

    /** The longest step the duration histogram tells apart from longer ones; a migration may run for hours. */
    private static final Duration LONGEST_STEP = Duration.ofHours(2);

    private final MeterRegistry registry;
    private final String site;

    public AgentMeters(MeterRegistry registry, AgentConfig config, ReportBacklog backlog) {
        this.registry = registry;
        this.site = config.site();
        Gauge.builder("flotilla.events.unsent", backlog, ReportBacklog::pending)
                .tag("site", site)
                .description("Events handed to the producer that the broker has not acknowledged yet")
                .strongReference(true)
                .register(registry);
    }

    /** Counts what the event reports: a step applied (not one found already applied) or failed, a run ended. */
    void observe(Event event) {
        switch (event) {
            case StepSucceeded step
            when !step.alreadyApplied() -> {
                step("flotilla.steps.applied", "Steps applied", step.version(), step.direction())
                        .increment();
                Timer.builder("flotilla.step.duration")
                        .description("How long applied steps took, script and history row")
                        .tags("site", site, "version", step.version().text(), "direction", label(step.direction()))
                        .publishPercentileHistogram()
                        .maximumExpectedValue(LONGEST_STEP)
                        .register(registry)
                        .record(Duration.ofMillis(step.durationMs()));
            }
            case StepFailed step ->
                Counter.builder("flotilla.steps.failed")
                        .description("Steps that failed or were refused, by failure code")
                        .tags("site", site, "version", step.version().text(), "direction", label(step.direction()))
                        .tag("code", label(step.code()))
                        .register(registry)
                        .increment();
            case RunFinished run ->
                Counter.builder("flotilla.runs")
                        .description("Runs ended, by outcome")
                        .tags("site", site, "outcome", label(run.outcome()))
                        .register(registry)
                        .increment();
            default -> {
                // progress, inventories and repairs are not counted
            }
        }
    }

    /** The producer gave up on an event handed to it. */
    void sendFailed() {
        Counter.builder("flotilla.events.send.failures")
                .description("Events the producer gave up on; their run's command is not acknowledged")
                .tag("site", site)
                .register(registry)
                .increment();
    }

    @Override
    public void committed(Version version, Direction direction, long rows) {
        step("flotilla.batched.rows", "Keys covered by committed batches of batched steps", version, direction)
                .increment(rows);
    }

    /**
     * Takes every {@code flotilla} meter out of the registry, which may outlive the application: the
     * injected registry is Micrometer's global one, and tests restart Quarkus in one JVM (a gauge left
     * behind would keep showing the count of the application that registered it).
     */
    @PreDestroy
    void remove() {
        registry.getMeters().stream()
                .filter(meter -> meter.getId().getName().startsWith("flotilla."))
                .forEach(registry::remove);
    }

    private Counter step(String name, String description, Version version, Direction direction) {
        return Counter.builder(name)
                .description(description)
                .tags("site", site, "version", version.text(), "direction", label(direction))
                .register(registry);
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
