package dev.flotilla.model.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * Ed25519 signatures of the records the coordinator sends, commands above all: the signature, in
 * the {@value #HEADER} record header, covers the topic, the key (the tenant), the fencing epoch
 * header and the value, so a command written by anyone without the coordinator's private key, or one
 * whose tenant, epoch or content was changed, or one moved to another site's topic, fails the check.
 * It does not stop a valid record from being written again as it is (a replay); agents dedupe by the
 * envelope's id and the tenant's history table, and the epoch refuses a deposed leader's.
 */
public final class CommandSignature {

    /** The record header holding the base64 signature. */
    public static final String HEADER = "flotilla-signature";

    private static final String CONTEXT = "flotilla-command-signature-v1\n";

    private CommandSignature() {}

    /**
     * @param key the record's key; null for none
     * @param epoch the {@link Fencing#HEADER} value; null for none
     */
    public static String sign(String topic, String key, byte[] epoch, byte[] value, PrivateKey signingKey) {
        return PlanSignature.signBytes(signed(topic, key, epoch, value), signingKey);
    }

    /** Whether {@code signature} (nullable) is the trusted coordinator's, for exactly this record. */
    public static boolean valid(
            String topic, String key, byte[] epoch, byte[] value, String signature, PublicKey trusted) {
        return PlanSignature.validBytes(signed(topic, key, epoch, value), signature, trusted);
    }

    /** What is signed: each part length-prefixed, so no two records sign alike. */
    private static byte[] signed(String topic, String key, byte[] epoch, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(CONTEXT.getBytes(StandardCharsets.UTF_8));
        part(out, topic.getBytes(StandardCharsets.UTF_8));
        part(out, key == null ? null : key.getBytes(StandardCharsets.UTF_8));
        part(out, epoch);
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
