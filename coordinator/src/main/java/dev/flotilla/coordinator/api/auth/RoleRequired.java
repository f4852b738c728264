package dev.flotilla.coordinator.api.auth;

import dev.flotilla.coordinator.access.Role;

/** The caller is known but lacks the role a request needs: answered 403, naming the role. */
public final class RoleRequired extends RuntimeException {

    private final Role role;

    public RoleRequired(Role role, String what) {
        super(what + " needs the role " + role.code());
        this.role = role;
    }

    public Role role() {
        return role;
    }
}
