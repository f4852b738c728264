package dev.flotilla.coordinator.access;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain of the audit log: each row's hash covers its own fields and the hash before it, so a
 * row changed in place no longer matches its hash, and a row deleted from the middle breaks the link
 * of the row after it. Fields are length-prefixed before hashing so no two entries encode alike.
 */
public final class AuditChain {

    /** The hash the first row links to. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {}

    /** The hash of {@code entry} as row {@code seq}, following {@code previous}. */
    public static String hash(String previous, long seq, AuditEntry entry) {
        MessageDigest digest = sha256();
        field(digest, previous);
        field(digest, Long.toString(seq));
        field(digest, entry.at().toString());
        field(digest, entry.actor());
        field(digest, entry.action());
        field(digest, entry.target());
        field(digest, Integer.toString(entry.status()));
        field(digest, entry.detail());
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void field(MessageDigest digest, String value) {
        if (value == null) {
            digest.update(ByteBuffer.allocate(4).putInt(-1).array());
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
