package dev.flotilla.coordinator.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeliveryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final DeliveryPolicy POLICY = new DeliveryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(1), 4);

    @Test
    void shouldDeliverOnAnyTwoHundred() {
        assertThat(POLICY.decide(200, Optional.empty(), 1, NOW).delivered()).isTrue();
        assertThat(POLICY.decide(204, Optional.empty(), 3, NOW).delivered()).isTrue();
    }

    @Test
    void shouldRetryWithADoublingPauseUpToItsMaximumWhenTheWebhookFailsOrIsSilent() {
        assertThat(POLICY.decide(503, Optional.empty(), 1, NOW).retryAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(POLICY.decide(null, Optional.empty(), 2, NOW).retryAt()).isEqualTo(NOW.plusSeconds(10));
        assertThat(POLICY.decide(500, Optional.empty(), 3, NOW).retryAt()).isEqualTo(NOW.plusSeconds(20));
        assertThat(POLICY.pause(30)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shouldWaitAsLongAsTheWebhookAsksWhenItIsRateLimitedButNoLongerThanTheMaximum() {
        assertThat(POLICY.decide(429, Optional.of("30"), 1, NOW).retryAt()).isEqualTo(NOW.plusSeconds(30));
        assertThat(POLICY.decide(429, Optional.of("3600"), 1, NOW).retryAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(POLICY.decide(429, Optional.of("Wed, 21 Oct 2026 07:28:00 GMT"), 1, NOW)
                        .retryAt())
                .isEqualTo(NOW.plusSeconds(5));
        assertThat(POLICY.decide(408, Optional.empty(), 1, NOW).retryAt()).isEqualTo(NOW.plusSeconds(5));
    }

    @Test
    void shouldGiveUpAtOnceOnARefusalThatWillNotChangeAndAfterTheLastAttempt() {
        assertThat(POLICY.decide(404, Optional.empty(), 1, NOW).givenUp()).isTrue();
        assertThat(POLICY.decide(400, Optional.empty(), 1, NOW).givenUp()).isTrue();
        assertThat(POLICY.decide(410, Optional.empty(), 1, NOW).givenUp()).isTrue();
        assertThat(POLICY.decide(503, Optional.empty(), 4, NOW).givenUp()).isTrue();
        assertThat(POLICY.decide(null, Optional.empty(), 4, NOW).givenUp()).isTrue();
    }
}
