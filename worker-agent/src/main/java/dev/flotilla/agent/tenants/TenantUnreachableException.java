package dev.flotilla.agent.tenants;

/** A tenant database could not be reached, after every attempt the agent was allowed. */
public final class TenantUnreachableException extends RuntimeException {

    public TenantUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
