package dev.flotilla.agent;

import dev.flotilla.model.wire.PlanSignature;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The coordinator's public key ({@code flotilla.agent.trusted-plan-key}), with which the agent checks
 * every plan and every command. Without it anyone who can write to the plans and commands topics can
 * make the agent run steps, so the agent refuses to start unless {@code flotilla.agent.insecure=true}
 * says so on purpose (docs/security.md).
 */
@Startup
@ApplicationScoped
public class TrustedKey {

    private static final Logger LOGGER = Logger.getLogger(TrustedKey.class);

    private final Optional<PublicKey> key;

    @Inject
    public TrustedKey(AgentConfig config) {
        this(config.trustedPlanKey(), config.insecure());
    }

    /** @param file the key's X.509 PEM file, empty for none */
    public TrustedKey(Optional<String> file, boolean insecure) {
        this.key = file.map(TrustedKey::read);
        if (key.isEmpty()) {
            if (!insecure) {
                throw new IllegalStateException("flotilla.agent.trusted-plan-key is not set: without the coordinator's"
                        + " public key this agent would run any plan and command written to its topics; set it, or"
                        + " set flotilla.agent.insecure=true to run without (docs/security.md)");
            }
            LOGGER.warn("INSECURE: no trusted key (flotilla.agent.insecure=true): plans are checked by content only"
                    + " and commands not at all");
        }
    }

    /** The key; empty only when the agent runs insecure. */
    public Optional<PublicKey> key() {
        return key;
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
