package dev.flotilla.coordinator.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * An API token as stored (V18): the hash of its secret, never the secret. Mapped by Hibernate Reactive
 * (ADR 011); {@link TokenRepository} reads and writes it.
 */
@Entity
@Table(name = "api_tokens")
public class ApiToken {

    @Id
    public UUID id;

    public String name;

    /** A {@code Role} code. */
    public String role;

    @Column(name = "token_hash")
    public String tokenHash;

    /** The secret's first characters, to recognise it. */
    public String hint;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "created_by")
    public String createdBy;

    /** Null: never expires. */
    @Column(name = "expires_at")
    public Instant expiresAt;

    /** Null: not revoked. */
    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_by")
    public String revokedBy;
}
