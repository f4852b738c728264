package dev.flotilla.model.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.List;
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

    /** Any mapper, not only the wire's, so an API record holding versions keeps the JSON of strings. */
    @Test
    void shouldBeAPlainStringKeepingItsSpellingWhenInJson() throws JsonProcessingException {
        // given
        ObjectMapper mapper = new ObjectMapper();
        List<Version> versions = List.of(Version.of("0001"), Version.of("10"));

        // when
        String json = mapper.writeValueAsString(versions);
        Version read = mapper.readValue("\"007\"", Version.class);

        // then
        assertThat(json).isEqualTo("[\"0001\",\"10\"]");
        assertThat(read.text()).isEqualTo("007");
    }

    @Test
    void shouldRefuseJsonWhenTheTextIsNotDigits() {
        assertThatThrownBy(() -> new ObjectMapper().readValue("\"v1\"", Version.class))
                .isInstanceOf(ValueInstantiationException.class)
                .hasMessageContaining("'v1'");
    }
}
