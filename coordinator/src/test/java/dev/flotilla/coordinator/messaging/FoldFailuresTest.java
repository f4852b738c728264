package dev.flotilla.coordinator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

class FoldFailuresTest {

    private static PgException postgres(String sqlState) {
        return new PgException("failed", "ERROR", sqlState, null);
    }

    @Test
    void shouldRetryForEverWhenPostgresReportsADeadlockSerializationLockTimeoutOrLostConnection() {
        assertThat(FoldFailures.isTransient(postgres("40P01"))).isTrue();
        assertThat(FoldFailures.isTransient(postgres("40001"))).isTrue();
        assertThat(FoldFailures.isTransient(postgres("55P03"))).isTrue();
        assertThat(FoldFailures.isTransient(postgres("57014"))).isTrue();
        assertThat(FoldFailures.isTransient(postgres("08006"))).isTrue();
        assertThat(FoldFailures.isTransient(new IllegalStateException("wrapped", postgres("53300"))))
                .isTrue();
    }

    @Test
    void shouldCountAsRecurringWhenTheDataIsRejectedOrTheFailureIsNotFromPostgres() {
        assertThat(FoldFailures.isTransient(postgres("22P05"))).isFalse();
        assertThat(FoldFailures.isTransient(postgres("23505"))).isFalse();
        assertThat(FoldFailures.isTransient(new NullPointerException("bug"))).isFalse();
    }
}
