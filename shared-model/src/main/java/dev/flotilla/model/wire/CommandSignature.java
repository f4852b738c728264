package dev.flotilla.model.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Optional;

/**
 * Ed25519 signatures of the records the coordinator sends, commands above all: the signature, in
 * the {@value #HEADER} record header, covers the topic, the key (the tenant), the fencing epoch
 * header, the time it was sent ({@value #SENT_AT_HEADER}) and the value, so a command written by
 * anyone without the coordinator's private key, or one whose tenant, epoch, time or content was
 * changed, or one moved to another site's topic, fails the check. A valid record written again as it
 * is (a replay) passes it: agents refuse records older than their maximum age, and a deposed
 * leader's by its epoch.
 */
public final class CommandSignature {

    /** The record header holding the base64 signature. */
    public static final String HEADER = "flotilla-signature";

    /** The record header holding when the relay sent it, in epoch milliseconds as decimal ASCII. */
    public static final String SENT_AT_HEADER = "flotilla-sent-at";

    private static final String CONTEXT = "flotilla-command-signature-v2\n";

    private CommandSignature() {}

    /**
     * @param key the record's key; null for none
     * @param epoch the {@link Fencing#HEADER} value; null for none
     * @param sentAt the {@link #SENT_AT_HEADER} value; null for none
     */
    public static String sign(
            String topic, String key, byte[] epoch, byte[] sentAt, byte[] value, PrivateKey signingKey) {
        return PlanSignature.signBytes(signed(topic, key, epoch, sentAt, value), signingKey);
    }

    /** Whether {@code signature} (nullable) is the trusted coordinator's, for exactly this record. */
    public static boolean valid(
            String topic, String key, byte[] epoch, byte[] sentAt, byte[] value, String signature, PublicKey trusted) {
        return PlanSignature.validBytes(signed(topic, key, epoch, sentAt, value), signature, trusted);
    }

    /** The {@link #SENT_AT_HEADER} value for {@code at}. */
    public static byte[] sentAt(Instant at) {
        return Long.toString(at.toEpochMilli()).getBytes(StandardCharsets.US_ASCII);
    }

    /** When a {@link #SENT_AT_HEADER} value says the record was sent; empty when missing or not a number. */
    public static Optional<Instant> sentAt(byte[] value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.ofEpochMilli(Long.parseLong(new String(value, StandardCharsets.US_ASCII))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** What is signed: each part length-prefixed, so no two records sign alike. */
    private static byte[] signed(String topic, String key, byte[] epoch, byte[] sentAt, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(CONTEXT.getBytes(StandardCharsets.UTF_8));
        part(out, topic.getBytes(StandardCharsets.UTF_8));
        part(out, key == null ? null : key.getBytes(StandardCharsets.UTF_8));
        part(out, epoch);
        part(out, sentAt);
        part(out, value);
        return out.toByteArray();
    }

    private static void part(ByteArrayOutputStream out, byte[] bytes) {
        int length = bytes == null ? -1 : bytes.length;
        out.write(length >>> 24);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        if (bytes != null) {
            out.writeBytes(bytes);
        }
    }
}
