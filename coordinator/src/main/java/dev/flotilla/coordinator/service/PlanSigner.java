package dev.flotilla.coordinator.service;

import dev.flotilla.model.wire.CommandSignature;
import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.PlanSignature;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Signs every plan the coordinator publishes, and every command it relays, with the Ed25519 key in
 * {@code flotilla.plans.signing-key} (a PKCS#8 PEM file), so agents configured with the public key
 * run only plans this coordinator made and act only on commands it sent ({@link CommandSignature}).
 * Without a key, plans and commands go out unsigned, and start-up says so.
 */
@ApplicationScoped
public class PlanSigner {

    private static final Logger LOGGER = Logger.getLogger(PlanSigner.class);

    private final Optional<PrivateKey> key;

    public PlanSigner(@ConfigProperty(name = "flotilla.plans.signing-key") Optional<String> keyFile) {
        this.key = keyFile.map(PlanSigner::read);
        if (key.isEmpty()) {
            LOGGER.warn("plans and commands will be published unsigned: set flotilla.plans.signing-key to sign"
                    + " them (agents that trust a key refuse unsigned ones)");
        }
    }

    public PlanPublished sign(PlanPublished plan) {
        return key.map(plan::signedWith).orElse(plan);
    }

    /**
     * The key the audit log's rows are hashed with (an HMAC key derived from the signing key, so every
     * coordinator sharing the key hashes alike and the database alone cannot recompute the chain);
     * empty without a signing key.
     */
    public Optional<byte[]> auditKey() {
        return key.map(k -> {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                digest.update("flotilla-audit-key-v1\n".getBytes(StandardCharsets.UTF_8));
                return digest.digest(k.getEncoded());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        });
    }

    /** The signature of a record to send, for its {@link CommandSignature#HEADER}; empty without a key. */
    public Optional<String> signRecord(String topic, String recordKey, byte[] epoch, byte[] sentAt, byte[] value) {
        return key.map(k -> CommandSignature.sign(topic, recordKey, epoch, sentAt, value, k));
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
