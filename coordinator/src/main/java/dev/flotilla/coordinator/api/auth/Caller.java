package dev.flotilla.coordinator.api.auth;

import dev.flotilla.coordinator.access.Role;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/**
 * Who makes the current request, as authenticated: the name recorded with every action (a token's
 * name, or the identity provider's user), never what a header claims.
 */
@RequestScoped
@Named("caller")
public class Caller {

    /** The actor of a request no credentials came with. */
    public static final String ANONYMOUS = "anonymous";

    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public String name() {
        return identity.isAnonymous() ? ANONYMOUS : identity.getPrincipal().getName();
    }

    public boolean has(Role role) {
        return identity.hasRole(role.code());
    }

    /** Refuses the request unless the caller has {@code role}; {@code what} says what needed it. */
    public void require(Role role, String what) {
        if (!has(role)) {
            throw new RoleRequired(role, what);
        }
    }
}
