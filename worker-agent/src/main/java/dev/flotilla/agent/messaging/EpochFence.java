package dev.flotilla.agent.messaging;

import dev.flotilla.model.wire.Fencing;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Refuses commands from a deposed coordinator: each command carries the epoch of the leader that
 * relayed it ({@link Fencing}), and a command below the highest epoch this agent has seen was sent by
 * a leader that has since been replaced. A command without an epoch (from a coordinator that predates
 * fencing) is let through. The highest epoch lives in memory: after a restart the agent learns it
 * again from the first command it reads, and the history table keeps any command that slips through
 * in that window harmless.
 */
@ApplicationScoped
public class EpochFence {

    private static final Logger LOGGER = Logger.getLogger(EpochFence.class);

    private final AtomicLong highest = new AtomicLong();

    /** True when the command may run; raises the highest epoch seen when it carries a higher one. */
    public boolean admit(Message<?> message, String type) {
        OptionalLong epoch = epochOf(message);
        if (epoch.isEmpty()) {
            return true;
        }
        long seen = highest.accumulateAndGet(epoch.getAsLong(), Math::max);
        if (epoch.getAsLong() < seen) {
            LOGGER.warnf(
                    "command refused type=%s epoch=%d highest=%d reason=sent by a deposed leader",
                    type, epoch.getAsLong(), seen);
            return false;
        }
        return true;
    }

    /** The highest epoch seen so far; 0 before the first fenced command. */
    public long highest() {
        return highest.get();
    }

    private static OptionalLong epochOf(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> metadata.getHeaders().lastHeader(Fencing.HEADER))
                .map(Header::value)
                .map(Fencing::decode)
                .orElse(OptionalLong.empty());
    }
}
