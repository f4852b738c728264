package dev.flotilla.agent.apply;

import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.PlanSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Optional;

/**
 * Which plans the agent runs: those whose id matches their content and, with a trusted key, that the
 * key's coordinator signed.
 *
 * @param key the coordinator's public key; empty when plans are checked by content only
 */
record PlanTrust(Optional<PublicKey> key) {

    /** @param file the trusted key's X.509 PEM file, empty for none */
    static PlanTrust of(Optional<String> file) {
        return new PlanTrust(file.map(PlanTrust::read));
    }

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

    private static PublicKey read(String file) {
        try {
            return PlanSignature.publicKey(Files.readString(Path.of(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trusted plan key " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the trusted plan key " + file + " is unusable: " + e.getMessage(), e);
        }
    }
}
