package dev.flotilla.cli.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The local stack's admin token: made once in the state directory (readable by its owner only), given
 * to the coordinator as its bootstrap token, and used by the CLI by itself whenever it talks to the
 * local stack, so {@code ./flotilla local up} and what follows need no set-up (docs/security.md).
 */
public final class LocalToken {

    static final String FILE = "token";

    private LocalToken() {}

    /** The token file in {@code stateDir}, made with a new secret when there is none. */
    static Path ensure(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        if (Files.notExists(file)) {
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, newSecret() + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the local admin token " + file, e);
            }
        }
        return file;
    }

    /** A new token secret, in the coordinator's format: {@code flt_} and 256 random bits in base64url. */
    public static String newSecret() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return "flt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Where the local stack's token is kept. */
    public static Path file(Path stateDir) {
        return stateDir.resolve(FILE);
    }

    /** The local stack's token, when it has one. */
    public static Optional<String> read(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the local admin token " + file, e);
        }
    }
}
