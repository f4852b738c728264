package dev.flotilla.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flotilla.bench.Results.Measure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsTest {

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void shouldTakeTheMiddleValueOrTheMeanOfTheTwoMiddleOnesWhenAskedForTheMedian() {
        // given
        Samples odd = new Samples(List.of(ms(30), ms(10), ms(20)));
        Samples even = new Samples(List.of(ms(40), ms(10), ms(30), ms(20)));

        // then
        assertThat(odd.median()).isEqualTo(ms(20));
        assertThat(odd.min()).isEqualTo(ms(10));
        assertThat(even.median()).isEqualTo(ms(25));
    }

    @Test
    void shouldDivideMediansWhenAskedForARatioOfTwoContenders() {
        // given
        Results results = new Results();
        results.add("raw", Measure.MIGRATE, ms(100));
        results.add("raw", Measure.MIGRATE, ms(300));
        results.add("flotilla", Measure.MIGRATE, ms(250));

        // when
        double ratio = results.ratio("flotilla", "raw", Measure.MIGRATE).orElseThrow();

        // then
        assertThat(ratio).isCloseTo(1.25, within(1e-9));
        assertThat(results.ratio("flyway", "flotilla", Measure.MIGRATE)).isEmpty();
    }

    @Test
    void shouldListEveryContenderAndOnlyTheRatiosThatWereMeasuredWhenRenderingTheTable() {
        // given
        Results results = new Results();
        results.add("raw", Measure.MIGRATE, ms(2_000));
        results.add("raw", Measure.RECHECK, ms(500));
        results.add("flotilla", Measure.MIGRATE, ms(2_400));
        results.add("flotilla", Measure.RECHECK, ms(1_000));

        // when
        String table = results.table();

        // then
        assertThat(table.lines().toList())
                .hasSize(4)
                .element(1)
                .asString()
                .startsWith("raw")
                .contains("2.000s", "0.500s");
        assertThat(table).contains("flotilla/raw     migrate 1.20 (target <= 1.25), re-check 2.00");
        assertThat(table).doesNotContain("flyway/flotilla");
    }
}
