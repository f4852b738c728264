package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.store.Leadership;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Says in {@code /q/health} whether this coordinator leads, and with which fencing epoch. Always up:
 * a standby serves the API as well as the leader does, and takes over when it dies.
 */
@Readiness
@ApplicationScoped
public class LeadershipHealth implements HealthCheck {

    private final Leadership leadership;

    public LeadershipHealth(Leadership leadership) {
        this.leadership = leadership;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("flotilla-leadership")
                .up()
                .withData("leading", leadership.isLeader())
                .withData("epoch", leadership.epoch())
                .build();
    }
}
