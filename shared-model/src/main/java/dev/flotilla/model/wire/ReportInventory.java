package dev.flotilla.model.wire;

/**
 * Report the history of the envelope's tenant, or of every tenant of the site when the envelope has
 * no tenant.
 */
public record ReportInventory(String requestedBy) implements Command {}
