package dev.flotilla.coordinator.service;

import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.PlanSignature;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Signs every plan the coordinator publishes with the Ed25519 key in {@code flotilla.plans.signing-key}
 * (a PKCS#8 PEM file), so agents configured with the public key run only plans this coordinator made.
 * Without a key, plans go out unsigned, verifiable by content only, and start-up says so.
 */
@ApplicationScoped
public class PlanSigner {

    private static final Logger LOGGER = Logger.getLogger(PlanSigner.class);

    private final Optional<PrivateKey> key;

    public PlanSigner(@ConfigProperty(name = "flotilla.plans.signing-key") Optional<String> keyFile) {
        this.key = keyFile.map(PlanSigner::read);
        if (key.isEmpty()) {
            LOGGER.warn("plans will be published unsigned: set flotilla.plans.signing-key to sign them");
        }
    }

    public PlanPublished sign(PlanPublished plan) {
        return key.map(plan::signedWith).orElse(plan);
    }

    private static PrivateKey read(String file) {
        try {
            return PlanSignature.privateKey(Files.readString(Path.of(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the plan signing key " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the plan signing key " + file + " is unusable: " + e.getMessage(), e);
        }
    }
}
