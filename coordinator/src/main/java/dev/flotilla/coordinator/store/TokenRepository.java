package dev.flotilla.coordinator.store;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** API tokens, in the caller's Hibernate Reactive session (the service opens it). */
@ApplicationScoped
public class TokenRepository implements PanacheRepositoryBase<ApiToken, UUID> {

    /** "Flotille": the coordinator's advisory locks are "Flotill" and a letter. */
    static final long BOOTSTRAP_LOCK_KEY = 0x466c6f74696c6c65L;

    /**
     * Makes this transaction the only one setting up the bootstrap token until it ends, so coordinators
     * starting together do not both insert it.
     */
    public Uni<Void> lockForBootstrap() {
        return Panache.getSession()
                .flatMap(
                        session -> session.createNativeQuery("select pg_advisory_xact_lock(" + BOOTSTRAP_LOCK_KEY + ")")
                                .getSingleResult())
                .replaceWithVoid();
    }

    /** The token whose secret hashes to {@code hash}, revoked or not; null when none. */
    public Uni<ApiToken> byHash(String hash) {
        return find("tokenHash", hash).firstResult();
    }

    /** The token called {@code name} that is not revoked; null when none. */
    public Uni<ApiToken> activeNamed(String name) {
        return find("name = ?1 and revokedAt is null", name).firstResult();
    }

    /** Every token, newest first. */
    public Uni<List<ApiToken>> newestFirst() {
        return find("order by createdAt desc, name").list();
    }
}
