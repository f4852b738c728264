package dev.flotilla.coordinator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "''{0}'' is {1}ms")
    @CsvSource(
            delimiter = '|',
            value = {
                "500ms|500",
                "30s|30000",
                "5m|300000",
                "2h|7200000",
                "1d|86400000",
                "0s|0",
                "' 5m '|300000",
                "999999999ms|999999999"
            })
    void shouldReadANumberAndAUnitWhenParsing(String text, long millis) {
        // when
        Duration duration = Durations.parse(text);

        // then
        assertThat(duration).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "5", "m", "5 minutes", "5 m", "-5s", "5M", "1.5h", "5w", "1234567890s", "5m30s"})
    void shouldRefuseNamingTheTextWhenItIsNotANumberAndAUnit(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("not a duration");
    }

    @ParameterizedTest(name = "{0}ms is ''{1}''")
    @CsvSource({
        "0, 0s",
        "500, 500ms",
        "1500, 1500ms",
        "1000, 1s",
        "90000, 90s",
        "60000, 1m",
        "5400000, 90m",
        "3600000, 1h",
        "129600000, 36h",
        "172800000, 2d"
    })
    void shouldWriteTheLargestWholeUnitWhenFormatting(long millis, String text) {
        // when
        String formatted = Durations.format(Duration.ofMillis(millis));

        // then
        assertThat(formatted).isEqualTo(text);
    }

    @Test
    void shouldReadBackTheSameDurationWhenFormattedThenParsed() {
        List<Duration> durations = List.of(
                Duration.ZERO,
                Duration.ofMillis(1),
                Duration.ofMillis(59_999),
                Duration.ofSeconds(61),
                Duration.ofMinutes(59),
                Duration.ofMinutes(61),
                Duration.ofHours(25),
                Duration.ofDays(400),
                Duration.ofMillis(999_999_999));
        for (Duration duration : durations) {
            // when
            Duration readBack = Durations.parse(Durations.format(duration));

            // then
            assertThat(readBack).as("%s", duration).isEqualTo(duration);
        }
    }

    @Test
    void shouldWriteTheShortestTextWhenAParsedDurationHasALargerUnit() {
        // when / then
        assertThat(Durations.format(Durations.parse("120s"))).isEqualTo("2m");
        assertThat(Durations.format(Durations.parse("1440m"))).isEqualTo("1d");
        assertThat(Durations.format(Durations.parse("3000ms"))).isEqualTo("3s");
    }
}
