package dev.flotilla.coordinator.service;

import java.util.List;

/** A rollout named tenants no agent has reported. */
public final class UnknownTenantsException extends RuntimeException {

    public UnknownTenantsException(List<String> tenants) {
        super("unknown tenants: " + String.join(", ", tenants));
    }
}
