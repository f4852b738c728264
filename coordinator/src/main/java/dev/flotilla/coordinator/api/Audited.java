package dev.flotilla.coordinator.api;

/** An answer that says, for the audit log, what was done: an id or a name, never a secret. */
public interface Audited {

    String auditDetail();
}
