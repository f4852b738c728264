package dev.flotilla.agent.apply;

import dev.flotilla.model.wire.Event;

/** Where the agent's events go. Returns once the event is durably accepted (on the broker). */
public interface EventSink {

    /**
     * @param tenant the tenant the event is about, the Kafka key
     * @param rollout the rollout it belongs to, null when none
     */
    void emit(String tenant, String rollout, Event event);
}
