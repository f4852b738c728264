package dev.flotilla.coordinator.service;

import org.jboss.logging.MDC;

/**
 * Puts what work is about (its {@code tenant}, its {@code rollout}) in the logging context (MDC) of
 * the thread doing it while it runs, so every line it logs carries it: a field of its own in JSON
 * logs ({@code "mdc"}), whatever the message says. Nests: the value before is put back after.
 */
final class LogContext {

    private LogContext() {}

    static void about(String key, Object value, Runnable work) {
        Object before = MDC.put(key, String.valueOf(value));
        try {
            work.run();
        } finally {
            if (before == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, before);
            }
        }
    }
}
