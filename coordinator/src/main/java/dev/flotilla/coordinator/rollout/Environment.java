package dev.flotilla.coordinator.rollout;

import java.util.Objects;

/**
 * The environment a coordinator serves. In a protected one (production), actions that are hard to
 * take back — a rollback, a plan going down, a wave approval — need a confirmation that names the
 * environment, so a command meant for staging cannot run against production by accident.
 */
public record Environment(String name, boolean isProtected) {

    public Environment {
        Objects.requireNonNull(name, "name");
    }

    /**
     * Refuses {@code what} unless the environment is unprotected or {@code confirm} names it.
     *
     * @param confirm the name the operator confirmed; nullable
     * @throws RolloutActionRefused (conflict) naming the environment and how to confirm
     */
    public void requireConfirmation(String what, String confirm) {
        if (isProtected && !name.equals(confirm)) {
            throw RolloutActionRefused.conflict(
                    "this coordinator serves the protected environment " + name + ": " + what + " needs a"
                            + " confirmation naming it (\"confirm\": \"" + name + "\", --confirm " + name + ")"
                            + (confirm == null ? "" : "; '" + confirm + "' is not it"));
        }
    }
}
