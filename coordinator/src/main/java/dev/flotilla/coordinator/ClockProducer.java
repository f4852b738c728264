package dev.flotilla.coordinator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/**
 * The JVM's clock. The coordinator's times come from the database ({@code store/DatabaseClock}), which
 * every coordinator sharing it reads alike; this clock is only compared with it, to report a host whose
 * time is off. Injected so tests can set it off.
 */
@ApplicationScoped
public class ClockProducer {

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
