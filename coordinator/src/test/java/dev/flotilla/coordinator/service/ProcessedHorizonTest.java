package dev.flotilla.coordinator.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.coordinator.service.EventsTopicRetention.Stay;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessedHorizonTest {

    private static final Duration WEEK = Duration.ofDays(7);

    @Test
    void shouldKeepTheConfiguredHorizonWhenEventsLeaveTheTopicSooner() {
        assertThat(ProcessedHorizon.of(WEEK, new Stay.AtMost(Duration.ofDays(4))))
                .contains(WEEK);
    }

    @Test
    void shouldKeepIdsAsLongAsAnEventMayStayWhenTheConfiguredHorizonIsShorter() {
        assertThat(ProcessedHorizon.of(WEEK, new Stay.AtMost(Duration.ofDays(14))))
                .contains(Duration.ofDays(14));
    }

    @Test
    void shouldForgetNothingWhenEventsStayForEverOrTheBrokerCannotSay() {
        assertThat(ProcessedHorizon.of(WEEK, new Stay.Forever())).isEmpty();
        assertThat(ProcessedHorizon.of(WEEK, new Stay.Unknown("broker down"))).isEmpty();
    }
}
