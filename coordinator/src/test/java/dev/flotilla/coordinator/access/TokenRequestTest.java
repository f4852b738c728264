package dev.flotilla.coordinator.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenRequestTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void shouldExpireInNinetyDaysWhenNoExpiryIsGiven() {
        assertThat(TokenRequest.of("ci", "operator", null, NOW).expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(90)));
    }

    @ParameterizedTest
    @CsvSource({"30m,PT30M", "12h,PT12H", "7d,PT168H"})
    void shouldReadALifetimeWhenOneIsGiven(String expires, Duration lifetime) {
        assertThat(TokenRequest.of("ci", "viewer", expires, NOW).expiresAt()).isEqualTo(NOW.plus(lifetime));
    }

    @Test
    void shouldNeverExpireOrExpireAtAnInstantWhenAskedSo() {
        assertThat(TokenRequest.of("ci", "admin", "never", NOW).expiresAt()).isNull();
        assertThat(TokenRequest.of("ci", "admin", "2027-01-01T00:00:00Z", NOW).expiresAt())
                .isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''|operator|90d|name",
                "-ci|operator|90d|name",
                "has space|operator|90d|name",
                "ci|root|90d|role",
                "ci||90d|role",
                "ci|operator|0d|expires",
                "ci|operator|soon|expires",
                "ci|operator|2020-01-01T00:00:00Z|expires"
            })
    void shouldRefuseNamingTheFieldWhenARequestIsInvalid(String name, String role, String expires, String field) {
        assertThatThrownBy(() -> TokenRequest.of(name, role, expires, NOW))
                .isInstanceOfSatisfying(TokenRefused.class, e -> {
                    assertThat(e.kind()).isEqualTo(TokenRefused.Kind.INVALID);
                    assertThat(e.field()).isEqualTo(field);
                });
    }

    @Test
    void shouldMakeWellFormedSecretsThatOnlyTheirHashIdentifies() {
        String secret = TokenSecret.generate(new SecureRandom());
        assertThat(TokenSecret.isWellFormed(secret)).isTrue();
        assertThat(TokenSecret.hash(secret)).hasSize(64).isNotEqualTo(TokenSecret.hash(secret + "x"));
        assertThat(TokenSecret.hint(secret)).hasSize(9).endsWith("…");
        assertThat(TokenSecret.isWellFormed("flt_short")).isFalse();
        assertThat(TokenSecret.isToken("eyJhbGciOi.jwt")).isFalse();
    }
}
