package dev.flotilla.coordinator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FailureBudgetTest {

    @ParameterizedTest(name = "count {0}, {1}% of {2} tenants allows {3}")
    @CsvSource({
        "0,   0, 10,  0",
        "2,   0, 10,  2",
        "0,  10, 10,  1",
        "0,  10, 19,  1",
        "0,  10, 20,  2",
        "3,  10, 20,  3",
        "1,  50, 10,  5",
        "0, 100,  7,  7",
        "0,   5,  0,  0",
        "5,  50,  0,  5"
    })
    void shouldAllowTheLargerOfCountAndTheFloorOfPercentWhenAskedForAWave(
            int count, int percent, int tenants, int allowed) {
        // given
        FailureBudget budget = new FailureBudget(count, percent);

        // when
        int actual = budget.allowed(tenants);

        // then
        assertThat(actual).isEqualTo(allowed);
    }

    @Test
    void shouldNotOverflowWhenTheWaveIsLarge() {
        // given
        FailureBudget budget = new FailureBudget(0, 50);

        // when
        int allowed = budget.allowed(100_000_000);

        // then
        assertThat(allowed).isEqualTo(50_000_000);
    }

    @Test
    void shouldBeBreachedOnlyByOneFailureMoreThanAllowedWhenCountingFailures() {
        // given
        FailureBudget budget = new FailureBudget(1, 10);

        // then
        assertThat(budget.breachedBy(2, 20)).isFalse();
        assertThat(budget.breachedBy(3, 20)).isTrue();
        assertThat(budget.breachedBy(1, 5)).isFalse();
        assertThat(budget.breachedBy(2, 5)).isTrue();
    }

    @Test
    void shouldBeBreachedByASingleFailureWhenTheBudgetIsNone() {
        assertThat(FailureBudget.NONE.breachedBy(0, 100)).isFalse();
        assertThat(FailureBudget.NONE.breachedBy(1, 100)).isTrue();
        assertThat(FailureBudget.NONE.breachedBy(1, 1)).isTrue();
    }

    @Test
    void shouldNeverBeBreachedWhenTheBudgetIsUnlimited() {
        assertThat(FailureBudget.UNLIMITED.breachedBy(1, 1)).isFalse();
        assertThat(FailureBudget.UNLIMITED.breachedBy(1000, 1000)).isFalse();
        assertThat(FailureBudget.UNLIMITED.breachedBy(Integer.MAX_VALUE, Integer.MAX_VALUE))
                .isFalse();
    }

    @Test
    void shouldRefuseANegativeCountNamingTheFieldWhenConstructed() {
        assertThatThrownBy(() -> new FailureBudget(-1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("failureBudget.count");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 101})
    void shouldRefuseAPercentNamingTheFieldWhenItIsNotBetweenZeroAndHundred(int percent) {
        assertThatThrownBy(() -> new FailureBudget(0, percent))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("failureBudget.percent");
    }

    @Test
    void shouldAcceptThePercentBoundsWhenZeroOrHundred() {
        // when
        FailureBudget none = new FailureBudget(0, 0);
        FailureBudget all = new FailureBudget(0, 100);

        // then
        assertThat(none.allowed(10)).isZero();
        assertThat(all.allowed(10)).isEqualTo(10);
    }
}
