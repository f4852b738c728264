package dev.flotilla.coordinator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.junit.jupiter.api.Test;

class SendFailuresTest {

    @Test
    void shouldRefuseARecordTooLargeEvenWhenTheFailureIsWrapped() {
        // when
        SendOutcome outcome =
                SendFailures.ofSend(new CompletionException(new RecordTooLargeException("2097300 bytes")));

        // then
        assertThat(outcome).isEqualTo(new SendOutcome.Refused("RecordTooLargeException: 2097300 bytes"));
    }

    @Test
    void shouldRefuseARecordForAnInvalidTopicOrThatCannotBeSerialized() {
        assertThat(SendFailures.ofSend(new InvalidTopicException("bad name"))).isInstanceOf(SendOutcome.Refused.class);
        assertThat(SendFailures.ofSend(new SerializationException("no"))).isInstanceOf(SendOutcome.Refused.class);
    }

    @Test
    void shouldRetryWhenTheBrokerIsDownSlowOrFailsUnexpectedly() {
        assertThat(SendFailures.ofSend(new TimeoutException("expired"))).isInstanceOf(SendOutcome.Failed.class);
        assertThat(SendFailures.ofSend(new NotEnoughReplicasException("1 of 3")))
                .isInstanceOf(SendOutcome.Failed.class);
        assertThat(SendFailures.ofSend(new UnknownServerException("?"))).isInstanceOf(SendOutcome.Failed.class);
    }

    @Test
    void shouldRefuseTheRowsOfATopicThatCannotBeCreatedButRetryWhenTooFewBrokersAreUp() {
        // when
        SendOutcome refused = SendFailures.ofTopicCreation("t", new PolicyViolationException("no new topics"));
        SendOutcome invalid = SendFailures.ofTopicCreation("t", new InvalidTopicException("bad name"));
        SendOutcome later = SendFailures.ofTopicCreation("t", new InvalidReplicationFactorException("3 > 1 alive"));

        // then
        assertThat(refused)
                .isEqualTo(new SendOutcome.Refused(
                        "topic t does not exist and cannot be created: PolicyViolationException: no new topics"));
        assertThat(invalid).isInstanceOf(SendOutcome.Refused.class);
        assertThat(later).isInstanceOf(SendOutcome.Failed.class);
    }
}
