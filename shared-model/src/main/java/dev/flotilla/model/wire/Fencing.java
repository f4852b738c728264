package dev.flotilla.model.wire;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * The leader's fencing epoch, carried by every command in a Kafka record header. Each coordinator
 * that takes the lead raises the epoch in the coordinators' database; an agent refuses a command whose
 * epoch is below the highest it has seen, so a deposed leader that still sends (it has not noticed
 * yet that it lost the lock) cannot act after its successor has.
 */
public final class Fencing {

    /** The record header; its value is the epoch in decimal ASCII. */
    public static final String HEADER = "flotilla-epoch";

    private Fencing() {}

    public static byte[] encode(long epoch) {
        return Long.toString(epoch).getBytes(StandardCharsets.US_ASCII);
    }

    /** The epoch in a header value; empty when the value is missing or not a number. */
    public static OptionalLong decode(byte[] value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(new String(value, StandardCharsets.US_ASCII)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
