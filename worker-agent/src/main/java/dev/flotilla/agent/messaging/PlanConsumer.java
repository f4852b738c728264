package dev.flotilla.agent.messaging;

import dev.flotilla.agent.apply.PlanCache;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Payload;
import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.WireCodec;
import dev.flotilla.model.wire.WireException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads the compacted {@code flotilla.plans} topic from its start on every boot (a fresh consumer
 * group each time), so the agent holds every plan a command may name. A record that is no plan is
 * set aside on {@code flotilla.dead-letters}, where the coordinator lists it.
 */
@ApplicationScoped
public class PlanConsumer {

    private final PlanCache plans;

    public PlanConsumer(PlanCache plans) {
        this.plans = plans;
    }

    /**
     * Keeps a plan. A record that is no plan throws, so the channel's dead-letter queue sets it aside
     * on {@code flotilla.dead-letters} with the reason and goes on; a tombstone (compaction's deletion
     * marker, no value) is nothing to keep.
     */
    @Incoming("plans")
    public void onPlan(byte[] value) {
        if (value == null) {
            return;
        }
        Envelope<Payload> envelope;
        try {
            envelope = WireCodec.decode(value);
        } catch (WireException e) {
            throw new UnusablePlanException("cannot decode the plan: " + e.getMessage());
        }
        if (!(envelope.payload() instanceof PlanPublished plan)) {
            throw new UnusablePlanException("a " + envelope.type() + " " + envelope.id() + " is not a plan");
        }
        plans.put(plan);
    }

    /** Why a record on the plans topic was set aside; its message is the dead letter's reason. */
    static final class UnusablePlanException extends RuntimeException {
        UnusablePlanException(String reason) {
            super(reason, null, false, false);
        }
    }
}
