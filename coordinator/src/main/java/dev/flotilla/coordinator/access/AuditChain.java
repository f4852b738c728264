package dev.flotilla.coordinator.access;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The hash chain of the audit log: each row's hash covers its own fields and the hash before it, so a
 * row changed in place no longer matches its hash, and a row deleted from the middle breaks the link
 * of the row after it. With a key the hash is an HMAC-SHA256, so someone who can write the table but
 * does not hold the key cannot compute the hashes a rewritten chain would need; without one it is a
 * plain SHA-256, which shows only changes made without recomputing the chain. Fields are
 * length-prefixed so no two entries encode alike.
 */
public final class AuditChain {

    /** The hash the first row links to. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {}

    /**
     * The hash of {@code entry} as row {@code seq}, following {@code previous}.
     *
     * @param key the HMAC key; null for a plain SHA-256
     */
    public static String hash(byte[] key, String previous, long seq, AuditEntry entry) {
        Hasher digest = key == null ? new Hasher(sha256(), null) : new Hasher(null, hmac(key));
        field(digest, previous);
        field(digest, Long.toString(seq));
        field(digest, entry.at().toString());
        field(digest, entry.actor());
        field(digest, entry.action());
        field(digest, entry.target());
        field(digest, Integer.toString(entry.status()));
        field(digest, entry.detail());
        return HexFormat.of().formatHex(digest.finish());
    }

    /** A SHA-256 or an HMAC, fed alike. */
    private record Hasher(MessageDigest digest, Mac mac) {
        void update(byte[] bytes) {
            if (mac != null) {
                mac.update(bytes);
            } else {
                digest.update(bytes);
            }
        }

        byte[] finish() {
            return mac != null ? mac.doFinal() : digest.digest();
        }
    }

    private static void field(Hasher digest, String value) {
        if (value == null) {
            digest.update(ByteBuffer.allocate(4).putInt(-1).array());
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }

    private static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
