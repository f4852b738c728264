package dev.flotilla.coordinator.messaging;

import dev.flotilla.coordinator.service.CatalogService;
import dev.flotilla.coordinator.store.TenantStore;
import dev.flotilla.model.wire.AgentHeartbeat;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Payload;
import dev.flotilla.model.wire.WireCodec;
import dev.flotilla.model.wire.WireException;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Registers agents from their heartbeats on {@code flotilla.agents}. */
@ApplicationScoped
public class HeartbeatConsumer {

    private static final Logger LOGGER = Logger.getLogger(HeartbeatConsumer.class);

    private final TenantStore tenants;
    private final CatalogService catalog;

    public HeartbeatConsumer(TenantStore tenants, CatalogService catalog) {
        this.tenants = tenants;
        this.catalog = catalog;
    }

    @Incoming("agents")
    @Blocking
    public void onHeartbeat(byte[] value) {
        catalog.awaitReady();
        try {
            Envelope<Payload> envelope = WireCodec.decode(value);
            if (envelope.payload() instanceof AgentHeartbeat beat) {
                tenants.upsertAgent(
                        beat.agent(),
                        beat.site(),
                        beat.capacity(),
                        beat.version(),
                        beat.tenants().size(),
                        envelope.at());
            }
        } catch (WireException e) {
            LOGGER.warnf("heartbeat skipped reason=%s", e.getMessage());
        } catch (RuntimeException e) {
            LOGGER.warnf("heartbeat not recorded, the next one will be reason=%s", e.getMessage());
        }
    }
}
