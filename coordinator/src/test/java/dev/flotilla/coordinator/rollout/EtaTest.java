package dev.flotilla.coordinator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EtaTest {

    @ParameterizedTest(name = "{0} steps at {1}s each, {2} at once: {3}ms")
    @CsvSource({
        "10,  2.5,  2, 12500",
        " 3,  1.0,  2,  1500",
        " 7, 60.0,  1, 420000",
        "100, 0.5, 10,  5000",
        " 1, 0.0004, 1,    0",
        " 1, 0.0006, 1,    1"
    })
    void shouldDivideTheStepsLeftTimesTheMeanStepTimeByTheParallelismWhenARunHasFinished(
            long stepsLeft, double secondsPerStep, int parallel, long millis) {
        // when
        Optional<Duration> eta = Eta.of(stepsLeft, OptionalDouble.of(secondsPerStep), parallel);

        // then
        assertThat(eta).contains(Duration.ofMillis(millis));
    }

    @Test
    void shouldBeZeroWhenNoStepIsLeftEvenBeforeAnyRunHasFinished() {
        // when
        Optional<Duration> eta = Eta.of(0, OptionalDouble.empty(), 0);

        // then
        assertThat(eta).contains(Duration.ZERO);
    }

    @Test
    void shouldBeUnknownWhenNoRunHasFinishedYet() {
        // when
        Optional<Duration> eta = Eta.of(12, OptionalDouble.empty(), 4);

        // then
        assertThat(eta).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void shouldBeUnknownWhenNothingCanRunInParallel(int parallel) {
        // when
        Optional<Duration> eta = Eta.of(12, OptionalDouble.of(2.0), parallel);

        // then
        assertThat(eta).isEmpty();
    }
}
