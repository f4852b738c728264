package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiUrlTest {

    @Test
    void shouldPreferTheOptionWhenEverythingIsSet() {
        assertThat(ApiUrl.resolve("http://a:1", "http://b:2", "http://c:3")).isEqualTo("http://a:1");
    }

    @Test
    void shouldPreferTheEnvironmentOverTheLocalStackWhenNoOptionIsGiven() {
        assertThat(ApiUrl.resolve(null, "http://b:2", "http://c:3")).isEqualTo("http://b:2");
        assertThat(ApiUrl.resolve(" ", null, "http://c:3")).isEqualTo("http://c:3");
    }

    @Test
    void shouldUseTheDefaultWhenNothingIsSet() {
        assertThat(ApiUrl.resolve(null, "", null)).isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void shouldAddTheSchemeAndDropATrailingSlashWhenNormalising() {
        assertThat(ApiUrl.resolve("coordinator.internal:8080/", null, null))
                .isEqualTo("http://coordinator.internal:8080");
    }
}
