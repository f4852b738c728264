package dev.flotilla.coordinator;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The coordinator's clock in tests: the system clock plus an offset a test may move forward, so
 * timeouts are tested without waiting. Tests that move it reset it when they end.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestClock {

    private static volatile Duration offset = Duration.ZERO;

    @Produces
    @ApplicationScoped
    Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException("the test clock is UTC");
            }

            @Override
            public Instant instant() {
                return Instant.now().plus(offset);
            }
        };
    }

    static void advance(Duration by) {
        offset = offset.plus(by);
    }

    static Instant now() {
        return Instant.now().plus(offset);
    }

    static void reset() {
        offset = Duration.ZERO;
    }
}
