package dev.flotilla.coordinator.api.auth;

import dev.flotilla.coordinator.access.Role;
import dev.flotilla.coordinator.service.AuthSettings;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;

/**
 * Gives every identity the roles its roles include ({@link Role#implied}), an identity provider's
 * groups first mapped to roles ({@code flotilla.auth.groups."<group>"=<role>}): an admin token or
 * a group mapped to {@code admin} may also do what a viewer may, without listing both.
 */
@ApplicationScoped
public class RoleAugmentor implements SecurityIdentityAugmentor {

    private final Map<String, String> groups;

    public RoleAugmentor(AuthSettings settings) {
        this.groups = Map.copyOf(settings.groups());
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        Set<String> granted = Role.grantedBy(identity.getRoles(), groups);
        if (identity.getRoles().containsAll(granted)) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom()
                .item(QuarkusSecurityIdentity.builder(identity)
                        .addRoles(granted)
                        .build());
    }
}
