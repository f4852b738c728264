package dev.flotilla.agent.messaging;

import dev.flotilla.model.wire.Envelope;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.MDC;

/**
 * The tenant, rollout and run (or repair) a command's work is about, in the logging context (MDC) of
 * the thread doing it while it does it: every line logged meanwhile carries them, as fields of its
 * own in JSON logs ({@code "mdc"}), whatever its message says. Closing it puts back what was there
 * before (nothing, on a worker thread), so the thread's next work starts clean.
 */
final class WorkLogContext implements AutoCloseable {

    /** Each key put, with the value it had before (null when none), to put back on close. */
    private final Map<String, Object> before = new LinkedHashMap<>();

    private WorkLogContext() {}

    /**
     * @param idKey {@code run} or {@code repair}
     * @param id the run's or repair's id
     */
    static WorkLogContext of(Envelope<?> envelope, String idKey, Object id) {
        WorkLogContext context = new WorkLogContext();
        context.put("tenant", envelope.tenant());
        context.put("rollout", envelope.rollout());
        context.put(idKey, id);
        return context;
    }

    private void put(String key, Object value) {
        if (value != null) {
            before.put(key, MDC.put(key, value.toString()));
        }
    }

    @Override
    public void close() {
        before.forEach((key, value) -> {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        });
    }
}
