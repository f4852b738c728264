package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void shouldReadDurationsAsOperatorsWriteThem() {
        assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(converter.convert("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(converter.convert("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(converter.convert("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("PT15M")).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void shouldRefuseANumberWithoutAUnitAZeroAndAnUnknownUnit() {
        assertThatThrownBy(() -> converter.convert("10"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'10' is not a duration");
        assertThatThrownBy(() -> converter.convert("0s"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("not a positive duration");
        assertThatThrownBy(() -> converter.convert("5 weeks")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> converter.convert("1h30")).isInstanceOf(TypeConversionException.class);
    }
}
