package dev.flotilla.coordinator.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A row of the append-only audit log (V18), with the hash that chains it to the row before
 * ({@code access.AuditChain}). Written once by {@link AuditRepository}; the database refuses changes.
 */
@Entity
@Table(name = "audit_log")
public class AuditRow {

    @Id
    public long seq;

    public Instant at;
    public String actor;
    public String action;
    public String target;
    public int status;

    /** Null when there is nothing to add. */
    public String detail;

    @Column(name = "prev_hash")
    public String prevHash;

    public String hash;
}
