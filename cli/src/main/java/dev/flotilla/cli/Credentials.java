package dev.flotilla.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The API token the CLI sends, looked for in order: {@code FLOTILLA_TOKEN}; the file {@code
 * FLOTILLA_TOKEN_FILE} names; {@code $XDG_CONFIG_HOME/flotilla/token} (else {@code
 * ~/.config/flotilla/token}); and, only when the CLI talks to the local stack, that stack's own admin
 * token. None: requests go without one, and the coordinator answers 401.
 */
public final class Credentials {

    private Credentials() {}

    /**
     * @param env the environment
     * @param home the user's home directory
     * @param api the coordinator the CLI talks to
     * @param localApi the local stack's API, null when there is no local stack
     * @param localToken the local stack's admin token, null when none
     */
    public static Optional<String> token(
            Map<String, String> env, Path home, String api, String localApi, String localToken) {
        String named = env.get("FLOTILLA_TOKEN");
        if (named != null && !named.isBlank()) {
            return Optional.of(named.strip());
        }
        String file = env.get("FLOTILLA_TOKEN_FILE");
        if (file != null && !file.isBlank()) {
            return Optional.of(read(Path.of(file))
                    .orElseThrow(
                            () -> new CliException("FLOTILLA_TOKEN_FILE names " + file + ", which does not exist")));
        }
        String config = env.get("XDG_CONFIG_HOME");
        Path configured = (config == null || config.isBlank() ? home.resolve(".config") : Path.of(config))
                .resolve("flotilla")
                .resolve("token");
        Optional<String> fromConfig = read(configured);
        if (fromConfig.isPresent()) {
            return fromConfig;
        }
        return localToken != null && api.equals(localApi) ? Optional.of(localToken) : Optional.empty();
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.isRegularFile(file)
                    ? Optional.of(Files.readString(file).strip())
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token file " + file, e);
        }
    }
}
