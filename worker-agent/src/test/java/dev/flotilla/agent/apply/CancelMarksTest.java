package dev.flotilla.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CancelMarksTest {

    private final TestClock clock = new TestClock();

    @Test
    void shouldKeepAMarkForEveryLookWhenLookedAtAgain() {
        // given
        CancelMarks marks = new CancelMarks(10, Duration.ofHours(1), clock);
        UUID run = UUID.randomUUID();

        // when
        marks.mark(run);

        // then
        assertThat(marks.isMarked(run)).isTrue();
        assertThat(marks.isMarked(run)).isTrue();
        assertThat(marks.isMarked(UUID.randomUUID())).isFalse();
    }

    @Test
    void shouldForgetTheOldestMarkWhenMoreThanTheMaximumAreSet() {
        // given
        CancelMarks marks = new CancelMarks(2, Duration.ofHours(1), clock);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        marks.mark(first);
        marks.mark(second);

        // when
        marks.mark(third);

        // then
        assertThat(marks.isMarked(first)).isFalse();
        assertThat(marks.isMarked(second)).isTrue();
        assertThat(marks.isMarked(third)).isTrue();
        assertThat(marks.size()).isEqualTo(2);
    }

    @Test
    void shouldForgetAMarkWhenItIsOlderThanKeepFor() {
        // given
        CancelMarks marks = new CancelMarks(10, Duration.ofMinutes(30), clock);
        UUID old = UUID.randomUUID();
        marks.mark(old);
        clock.advance(Duration.ofMinutes(20));
        UUID recent = UUID.randomUUID();
        marks.mark(recent);

        // when
        clock.advance(Duration.ofMinutes(11));

        // then
        assertThat(marks.isMarked(old)).isFalse();
        assertThat(marks.isMarked(recent)).isTrue();
        assertThat(marks.size()).isEqualTo(1);
    }

    @Test
    void shouldKeepAMarkSetAgainFromTheLaterTimeWhenTheRunIsCancelledTwice() {
        // given
        CancelMarks marks = new CancelMarks(10, Duration.ofMinutes(30), clock);
        UUID run = UUID.randomUUID();
        marks.mark(run);
        clock.advance(Duration.ofMinutes(20));

        // when
        marks.mark(run);
        clock.advance(Duration.ofMinutes(20));

        // then
        assertThat(marks.isMarked(run)).isTrue();
    }

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
