package dev.flotilla.agent.apply;

import dev.flotilla.agent.AgentConfig;
import dev.flotilla.agent.history.InventoryReader;
import dev.flotilla.agent.tenants.TenantDirectory;
import dev.flotilla.agent.tenants.TenantLabels;
import dev.flotilla.agent.tenants.TenantTarget;
import dev.flotilla.model.wire.Inventory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Reports each tenant's history to the coordinator as an {@link Inventory} event, queued behind the
 * tenant's earlier work. It sits with the step execution, not in {@code history}: like a run, it is
 * work done for a tenant and reported, while {@code history} only reads and writes the table.
 */
@ApplicationScoped
public class InventoryReporter {

    private static final Logger LOGGER = Logger.getLogger(InventoryReporter.class);

    private final AgentConfig config;
    private final TenantDirectory directory;
    private final InventoryReader reader;
    private final EventSink events;
    private final TenantWorkQueue queue;
    private final TenantLabels labels;

    public InventoryReporter(
            AgentConfig config,
            TenantDirectory directory,
            InventoryReader reader,
            EventSink events,
            TenantWorkQueue queue,
            TenantLabels labels) {
        this.config = config;
        this.directory = directory;
        this.reader = reader;
        this.events = events;
        this.queue = queue;
        this.labels = labels;
    }

    /** Reports one tenant now; an unknown tenant is logged and skipped. */
    public void report(String tenantId) {
        directory
                .find(tenantId)
                .ifPresentOrElse(
                        this::report,
                        () -> LOGGER.warnf("inventory skipped tenant=%s reason=unknown tenant", tenantId));
    }

    /** Queues a report of every tenant behind that tenant's earlier work. */
    public CompletableFuture<Void> reportAll() {
        return report(directory.all());
    }

    public CompletableFuture<Void> report(List<TenantTarget> targets) {
        return CompletableFuture.allOf(
                targets.stream().map(t -> queue.submit(t.id(), () -> report(t))).toArray(CompletableFuture[]::new));
    }

    private void report(TenantTarget target) {
        events.emit(
                target.id(),
                null,
                new Inventory(config.id(), config.site(), labels.of(target.id()), reader.read(target)));
    }
}
