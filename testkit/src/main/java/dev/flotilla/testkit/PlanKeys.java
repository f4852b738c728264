package dev.flotilla.testkit;

import dev.flotilla.model.wire.PlanSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

/**
 * A fresh Ed25519 plan-signing key pair as the services read it: two PEM files in a temporary
 * directory, deleted on {@link #close()}. The coordinator gets {@link #privateKey()}, agents get
 * {@link #publicKey()}.
 */
public final class PlanKeys implements AutoCloseable {

    private final Path dir;

    private PlanKeys(Path dir) {
        this.dir = dir;
    }

    public static PlanKeys create() {
        try {
            Path dir = Files.createTempDirectory("flotilla-plan-keys");
            KeyPair pair = PlanSignature.generate();
            Files.writeString(dir.resolve("plan-signing.pem"), PlanSignature.pem(pair.getPrivate()));
            Files.writeString(dir.resolve("plan-trusted.pem"), PlanSignature.pem(pair.getPublic()));
            return new PlanKeys(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plan keys", e);
        }
    }

    public Path privateKey() {
        return dir.resolve("plan-signing.pem");
    }

    public Path publicKey() {
        return dir.resolve("plan-trusted.pem");
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(privateKey());
            Files.deleteIfExists(publicKey());
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
