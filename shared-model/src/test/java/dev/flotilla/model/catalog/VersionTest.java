package dev.flotilla.model.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VersionTest {

    @Test
    void shouldCompareNumericallyWhenWidthsDiffer() {
        assertThat(Version.of("0002")).isLessThan(Version.of("10"));
        assertThat(Version.of("20250430105500")).isGreaterThan(Version.of("99"));
    }

    @Test
    void shouldBeEqualWhenOnlyLeadingZerosDiffer() {
        assertThat(Version.of("007")).isEqualTo(Version.of("7")).hasSameHashCodeAs(Version.of("7"));
    }

    @Test
    void shouldRejectTextWhenItIsNotDigits() {
        assertThatThrownBy(() -> Version.of("1.2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Version.of("")).isInstanceOf(IllegalArgumentException.class);
    }
}
