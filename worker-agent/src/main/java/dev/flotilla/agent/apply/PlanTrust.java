package dev.flotilla.agent.apply;

import dev.flotilla.model.wire.PlanPublished;
import java.security.PublicKey;
import java.util.Optional;

/**
 * Which plans the agent runs: those whose id matches their content and, with a trusted key, that the
 * key's coordinator signed.
 *
 * @param key the coordinator's public key; empty when plans are checked by content only
 */
record PlanTrust(Optional<PublicKey> key) {

    /** Why the plan must not run; empty when it may. */
    Optional<String> problem(PlanPublished plan) {
        if (!plan.verified()) {
            return Optional.of("its content does not match its id");
        }
        if (key.isPresent() && !plan.trustedBy(key.get())) {
            return Optional.of(
                    plan.signature() == null
                            ? "it is unsigned and a trusted plan key is configured"
                            : "its signature is not the trusted coordinator's");
        }
        return Optional.empty();
    }
}
