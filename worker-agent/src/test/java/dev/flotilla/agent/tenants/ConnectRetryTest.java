package dev.flotilla.agent.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectRetryTest {

    @Test
    void shouldDoubleTheWaitUpToAMinuteWhenAttemptsFail() {
        ConnectRetry retry = new ConnectRetry(10, Duration.ofSeconds(1));

        assertThat(retry.waitAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(retry.waitAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(retry.waitAfter(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(retry.waitAfter(9)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shouldRetryWhenTheServerWasNotReachedOrAsksToBeTriedLater() {
        assertThat(ConnectRetry.transientFailure(new VertxException("Connection refused", true)))
                .isTrue();
        assertThat(ConnectRetry.transientFailure(new PgException("starting up", "FATAL", "57P03", null)))
                .isTrue();
        assertThat(ConnectRetry.transientFailure(new PgException("too many", "FATAL", "53300", null)))
                .isTrue();
    }

    @Test
    void shouldNotRetryWhenWaitingCannotHelp() {
        assertThat(ConnectRetry.transientFailure(new PgException("bad password", "FATAL", "28P01", null)))
                .isFalse();
        assertThat(ConnectRetry.transientFailure(new PgException("no database", "FATAL", "3D000", null)))
                .isFalse();
    }

    @Test
    void shouldRefuseASettingWhenItAllowsNoAttempt() {
        assertThatThrownBy(() -> new ConnectRetry(0, Duration.ofSeconds(1)))
                .hasMessageContaining("tenant-connect.attempts must be at least 1");
    }
}
