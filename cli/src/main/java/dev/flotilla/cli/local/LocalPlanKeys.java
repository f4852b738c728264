package dev.flotilla.cli.local;

import dev.flotilla.model.wire.PlanSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;

/**
 * The local stack's plan-signing key pair, made once in the state directory and kept across restarts
 * (plans published earlier stay valid). The private key file is readable by its owner only.
 */
record LocalPlanKeys(Path signing, Path trusted) {

    static LocalPlanKeys in(Path stateDir) {
        LocalPlanKeys keys =
                new LocalPlanKeys(stateDir.resolve("plan-signing.pem"), stateDir.resolve("plan-trusted.pem"));
        if (Files.notExists(keys.signing()) || Files.notExists(keys.trusted())) {
            keys.write(PlanSignature.generate());
        }
        return keys;
    }

    private void write(KeyPair pair) {
        try {
            Files.deleteIfExists(signing);
            Files.createFile(
                    signing, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(signing, PlanSignature.pem(pair.getPrivate()));
            Files.writeString(trusted, PlanSignature.pem(pair.getPublic()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the plan keys in " + signing.getParent(), e);
        }
    }
}
