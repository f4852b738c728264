package dev.flotilla.agent;

import dev.flotilla.agent.apply.InventoryReporter;
import dev.flotilla.agent.messaging.HeartbeatPublisher;
import dev.flotilla.agent.tenants.TenantDirectory;
import dev.flotilla.agent.tenants.TenantTarget;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * On start-up: find the tenants, report each one's inventory, start heartbeating. Later: rediscover
 * tenants and report the new ones. Blocking work runs off the event loop.
 */
@ApplicationScoped
public class AgentLifecycle {

    private static final Logger LOGGER = Logger.getLogger(AgentLifecycle.class);

    private final AgentConfig config;
    private final TenantDirectory directory;
    private final InventoryReporter inventory;
    private final HeartbeatPublisher heartbeat;

    public AgentLifecycle(
            AgentConfig config, TenantDirectory directory, InventoryReporter inventory, HeartbeatPublisher heartbeat) {
        this.config = config;
        this.directory = directory;
        this.inventory = inventory;
        this.heartbeat = heartbeat;
    }

    void onStart(@Observes StartupEvent event, Vertx vertx) {
        LOGGER.infof("agent starting agent=%s site=%s capacity=%d", config.id(), config.site(), config.capacity());
        vertx.executeBlocking(() -> {
            discover();
            heartbeat.beat();
            return null;
        });
        vertx.setPeriodic(
                config.heartbeatInterval().toMillis(),
                id -> vertx.executeBlocking(
                        () -> {
                            heartbeat.beat();
                            return null;
                        },
                        false));
        vertx.setPeriodic(
                config.tenants().rediscoverInterval().toMillis(),
                id -> vertx.executeBlocking(
                        () -> {
                            discover();
                            return null;
                        },
                        false));
    }

    private void discover() {
        try {
            List<TenantTarget> added = directory.refresh();
            inventory.report(added);
        } catch (RuntimeException e) {
            LOGGER.errorf(e, "tenant discovery failed agent=%s", config.id());
        }
    }
}
