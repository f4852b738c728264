package dev.flotilla.coordinator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void shouldDoubleThePauseUpToItsMaximumAndStartOverAfterASuccess() {
        // given
        Backoff backoff = Backoff.between(Duration.ofMillis(500), Duration.ofSeconds(3));

        // when
        Backoff third = backoff.failed().failed();
        Backoff capped = third.failed().failed();

        // then
        assertThat(backoff.current()).isEqualTo(Duration.ofMillis(500));
        assertThat(third.current()).isEqualTo(Duration.ofSeconds(2));
        assertThat(capped.current()).isEqualTo(Duration.ofSeconds(3));
        assertThat(capped.reset().current()).isEqualTo(Duration.ofMillis(500));
    }
}
