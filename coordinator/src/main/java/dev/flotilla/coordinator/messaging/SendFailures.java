package dev.flotilla.coordinator.messaging;

import java.util.Set;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;

/**
 * Tells a send or topic-creation failure that will recur for the same record, however often it is
 * retried, from one that may pass. Conservative: only the failures listed here refuse a record; anything
 * else (a timeout, a broker that is down or restarting, an unknown server error) keeps the row and is
 * retried, because a refused row is never sent. Pure.
 */
final class SendFailures {

    /** Kafka's non-retriable failures of a record itself (the producer's {@code Callback} documentation). */
    private static final Set<Class<? extends Throwable>> RECORD_REFUSED = Set.of(
            RecordTooLargeException.class,
            RecordBatchTooLargeException.class,
            InvalidTopicException.class,
            SerializationException.class);

    /**
     * Why a missing topic cannot be created, as long as the broker's configuration stays as it is. A
     * replication factor above the live brokers is not among them: it passes when the brokers are back.
     */
    private static final Set<Class<? extends Throwable>> CREATION_REFUSED = Set.of(
            InvalidTopicException.class,
            PolicyViolationException.class,
            TopicAuthorizationException.class,
            ClusterAuthorizationException.class);

    private SendFailures() {}

    /** The outcome of a send that failed with {@code failure} (possibly wrapped). */
    static SendOutcome ofSend(Throwable failure) {
        Throwable cause = find(failure, RECORD_REFUSED);
        return cause != null ? new SendOutcome.Refused(describe(cause)) : new SendOutcome.Failed(describe(failure));
    }

    /** The outcome for the rows of {@code topic}, which does not exist and could not be created. */
    static SendOutcome ofTopicCreation(String topic, Throwable failure) {
        Throwable cause = find(failure, CREATION_REFUSED);
        return cause != null
                ? new SendOutcome.Refused(
                        "topic " + topic + " does not exist and cannot be created: " + describe(cause))
                : new SendOutcome.Failed("topic " + topic + " could not be created: " + describe(failure));
    }

    /** The first throwable in the cause chain that is one of {@code types}, or null. */
    private static Throwable find(Throwable failure, Set<Class<? extends Throwable>> types) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Throwable current = t;
            if (types.stream().anyMatch(type -> type.isInstance(current))) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
