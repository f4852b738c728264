package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.rollout.Environment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The {@link Environment} of {@code flotilla.environment.name} and {@code flotilla.environment.protected}. */
@ApplicationScoped
public class EnvironmentConfig {

    private final Environment environment;

    public EnvironmentConfig(
            @ConfigProperty(name = "flotilla.environment.name") String name,
            @ConfigProperty(name = "flotilla.environment.protected") boolean isProtected) {
        this.environment = new Environment(name, isProtected);
    }

    @Produces
    Environment environment() {
        return environment;
    }
}
