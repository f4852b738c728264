package dev.flotilla.coordinator.store;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** API tokens, in the caller's Hibernate Reactive session (the service opens it). */
@ApplicationScoped
public class TokenRepository implements PanacheRepositoryBase<ApiToken, UUID> {

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
