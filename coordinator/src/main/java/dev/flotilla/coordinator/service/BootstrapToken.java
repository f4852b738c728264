package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.access.TokenSecret;
import io.quarkus.runtime.Startup;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.ObserverMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The first way in: an admin token whose secret the deployment provides
 * ({@code flotilla.auth.bootstrap-token-file}, a mounted secret, or {@code FLOTILLA_AUTH_BOOTSTRAP_TOKEN}),
 * made valid at start so a new coordinator can be reached at all; {@code flotilla local up} makes one
 * for the local stack. Further tokens are issued with it through {@code /api/tokens}.
 */
/* After CatalogService (the default priority), which migrates the schema the token is stored in. */
@Startup(ObserverMethod.DEFAULT_PRIORITY + 100)
@ApplicationScoped
public class BootstrapToken {

    private static final Logger LOGGER = Logger.getLogger(BootstrapToken.class);

    /** The bootstrap token's name, as the audit log shows it. */
    public static final String NAME = "bootstrap";

    BootstrapToken(CatalogService schemaFirst, TokenService tokens, AuthSettings settings) {
        schemaFirst.catalog();
        Optional<String> secret = settings.bootstrapToken().map(String::strip).or(() -> settings.bootstrapTokenFile()
                .map(BootstrapToken::read));
        if (secret.isEmpty()) {
            LOGGER.info("no bootstrap token is configured: only tokens issued before, or OIDC, let callers in");
            return;
        }
        if (!TokenSecret.isWellFormed(secret.get())) {
            throw new IllegalStateException("flotilla.auth.bootstrap-token(-file) is not a token: it must be "
                    + TokenSecret.PREFIX + " and 43 base64url characters (docs/security.md shows how to make one)");
        }
        try {
            VertxContextSupport.subscribeAndAwait(() -> tokens.ensureBootstrap(secret.get()));
        } catch (Throwable e) {
            throw new IllegalStateException("the bootstrap token could not be stored", e);
        }
        LOGGER.infof("bootstrap token ready name=%s hint=%s", NAME, TokenSecret.hint(secret.get()));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("flotilla.auth.bootstrap-token-file " + file + " cannot be read", e);
        }
    }
}
