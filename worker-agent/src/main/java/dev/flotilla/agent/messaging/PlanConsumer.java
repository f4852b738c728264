package dev.flotilla.agent.messaging;

import dev.flotilla.agent.apply.PlanCache;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Payload;
import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.WireCodec;
import dev.flotilla.model.wire.WireException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads the compacted {@code flotilla.plans} topic from its start on every boot (a fresh consumer
 * group each time), so the agent holds every plan a command may name.
 */
@ApplicationScoped
public class PlanConsumer {

    private static final Logger LOGGER = Logger.getLogger(PlanConsumer.class);

    private final PlanCache plans;

    public PlanConsumer(PlanCache plans) {
        this.plans = plans;
    }

    @Incoming("plans")
    public void onPlan(byte[] value) {
        try {
            Envelope<Payload> envelope = WireCodec.decode(value);
            if (envelope.payload() instanceof PlanPublished plan) {
                plans.put(plan);
            }
        } catch (WireException e) {
            LOGGER.warnf("plan skipped reason=%s", e.getMessage());
        }
    }
}
