package dev.flotilla.agent.tenants;

import dev.flotilla.agent.AgentConfig;
import io.quarkus.runtime.Startup;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * How the agent authenticates to the tenant databases and protects the connection: the password from
 * the configuration or from a mounted file ({@code flotilla.agent.postgres.password-file}), and TLS as
 * libpq's {@code sslmode} says. Checked when the agent starts, naming the property at fault and never
 * a password. The credentials stay in this process: nothing logs or sends them.
 */
@ApplicationScoped
@Startup
public class TenantCredentials {

    private static final String PREFIX = "flotilla.agent.postgres.";

    private final AgentConfig.Postgres settings;
    private final SslMode mode;

    @Inject
    public TenantCredentials(AgentConfig config) {
        this(config.postgres());
    }

    TenantCredentials(AgentConfig.Postgres settings) {
        this.settings = settings;
        if (settings.password().isPresent() && settings.passwordFile().isPresent()) {
            throw new IllegalArgumentException(
                    PREFIX + "password and " + PREFIX + "password-file are both set: give one");
        }
        settings.passwordFile().ifPresent(file -> read(file, "password-file"));
        this.mode = settings.sslMode().map(TenantCredentials::mode).orElse(SslMode.DISABLE);
        if ((mode == SslMode.VERIFY_CA || mode == SslMode.VERIFY_FULL)
                && settings.sslRootCert().isEmpty()) {
            throw new IllegalArgumentException(PREFIX + "ssl-mode " + label(mode) + " needs " + PREFIX
                    + "ssl-root-cert: the CA certificates to verify the tenant databases against");
        }
        settings.sslRootCert().ifPresent(file -> read(file, "ssl-root-cert"));
    }

    /** The password now (a password file is read again each time a pool asks). */
    String password() {
        return settings.passwordFile()
                .map(file -> read(file, "password-file").strip())
                .or(settings::password)
                .orElse("");
    }

    /** Sets the connection's TLS as {@code ssl-mode} and {@code ssl-root-cert} say. */
    void secure(PgConnectOptions connect) {
        connect.setSslMode(mode);
        if (mode == SslMode.DISABLE) {
            return;
        }
        Optional<Path> roots = settings.sslRootCert();
        if (roots.isPresent()) {
            connect.setPemTrustOptions(
                    new PemTrustOptions().addCertPath(roots.get().toString()));
        } else {
            // allow, prefer, require without a root certificate: encrypted, the server not verified (as libpq)
            connect.setTrustAll(true);
        }
        connect.setHostnameVerificationAlgorithm(mode == SslMode.VERIFY_FULL ? "HTTPS" : "");
    }

    private static SslMode mode(String text) {
        for (SslMode mode : SslMode.values()) {
            if (label(mode).equals(text.strip().toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new IllegalArgumentException(PREFIX + "ssl-mode must be disable, allow, prefer, require, verify-ca"
                + " or verify-full, was '" + text + "'");
    }

    private static String label(SslMode mode) {
        return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String read(Path file, String property) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    PREFIX + property + ": cannot read " + file + " ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
    }
}
