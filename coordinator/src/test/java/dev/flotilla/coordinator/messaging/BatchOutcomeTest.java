package dev.flotilla.coordinator.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BatchOutcomeTest {

    private static final SendOutcome SENT = new SendOutcome.Sent();

    @Test
    void shouldDeleteEveryRowWhenAllWereSent() {
        // when
        BatchOutcome outcome = BatchOutcome.of(List.of(1L, 2L, 3L), List.of(SENT, SENT, SENT));

        // then
        assertThat(outcome.done()).containsExactly(1L, 2L, 3L);
        assertThat(outcome.refused()).isEmpty();
        assertThat(outcome.failure()).isEmpty();
    }

    @Test
    void shouldSetARefusedRowAsideAndGoOnWithTheRowsBehindIt() {
        // when
        BatchOutcome outcome =
                BatchOutcome.of(List.of(1L, 2L, 3L), List.of(new SendOutcome.Refused("too large"), SENT, SENT));

        // then
        assertThat(outcome.done()).containsExactly(1L, 2L, 3L);
        assertThat(outcome.refused()).containsExactly(new BatchOutcome.RefusedRow(1L, "too large"));
        assertThat(outcome.failure()).isEmpty();
    }

    @Test
    void shouldKeepAFailedRowAndEveryRowBehindItWhenTheFailureMayPass() {
        // when
        BatchOutcome outcome = BatchOutcome.of(
                List.of(1L, 2L, 3L, 4L),
                List.of(SENT, new SendOutcome.Failed("broker down"), SENT, new SendOutcome.Refused("too large")));

        // then row 1 leaves; 2 and what follows it are sent again, in order, later
        assertThat(outcome.done()).containsExactly(1L);
        assertThat(outcome.refused()).isEmpty();
        assertThat(outcome.failure()).contains("broker down");
    }

    @Test
    void shouldRefuseOutcomesThatDoNotMatchTheRows() {
        assertThatThrownBy(() -> BatchOutcome.of(List.of(1L), List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
