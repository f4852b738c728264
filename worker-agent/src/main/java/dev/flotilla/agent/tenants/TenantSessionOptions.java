package dev.flotilla.agent.tenants;

import dev.flotilla.agent.AgentConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PostgreSQL settings every tenant session starts with, sent as start-up parameters (no round
 * trip): {@code idle_in_transaction_session_timeout}, so a session left idle inside a transaction by
 * a hung agent is ended and its locks released, and {@code client_connection_check_interval}, so a
 * statement whose agent is gone stops instead of running to its end. Values in milliseconds. Pure.
 */
final class TenantSessionOptions {

    private TenantSessionOptions() {}

    static Map<String, String> of(AgentConfig.TenantSessionSettings settings) {
        Duration idle = settings.idleInTransactionTimeout();
        if (idle.toMillis() < 1) {
            throw new IllegalArgumentException(
                    "flotilla.agent.tenant-session.idle-in-transaction-timeout must be positive, was " + idle);
        }
        Map<String, String> options = new LinkedHashMap<>();
        options.put("idle_in_transaction_session_timeout", Long.toString(idle.toMillis()));
        Duration check = settings.connectionCheckInterval();
        if (check.isNegative()) {
            throw new IllegalArgumentException(
                    "flotilla.agent.tenant-session.connection-check-interval must not be negative, was " + check);
        }
        if (check.toMillis() > 0) {
            options.put("client_connection_check_interval", Long.toString(check.toMillis()));
        }
        return options;
    }
}
