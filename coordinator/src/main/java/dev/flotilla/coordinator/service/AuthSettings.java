package dev.flotilla.coordinator.service;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** {@code flotilla.auth.*} (docs/security.md). */
@ConfigMapping(prefix = "flotilla.auth")
public interface AuthSettings {

    /** The first admin token's secret; mostly given as {@code FLOTILLA_AUTH_BOOTSTRAP_TOKEN}. */
    Optional<String> bootstrapToken();

    /** A file holding the first admin token's secret: a mounted secret. */
    Optional<Path> bootstrapTokenFile();

    /** {@code permit} or {@code viewer}: who may read {@code /q/metrics} (read by the HTTP permission). */
    Optional<String> metricsPolicy();

    /** An identity provider's groups, by name, to the Flotilla role each grants ({@code groups."db-admins"=admin}). */
    Map<String, String> groups();
}
