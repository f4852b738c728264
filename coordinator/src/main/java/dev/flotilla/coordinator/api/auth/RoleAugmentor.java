package dev.flotilla.coordinator.api.auth;

import dev.flotilla.coordinator.access.Role;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Gives every identity the roles its roles include ({@link Role#implied}): an admin token or an
 * identity provider's {@code admin} group may also do what a viewer may, without listing both.
 */
@ApplicationScoped
public class RoleAugmentor implements SecurityIdentityAugmentor {

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        Set<String> granted = Role.grantedBy(identity.getRoles());
        if (identity.getRoles().containsAll(granted)) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom()
                .item(QuarkusSecurityIdentity.builder(identity)
                        .addRoles(granted)
                        .build());
    }
}
