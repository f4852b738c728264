package dev.flotilla.coordinator.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The secret of an API token: {@value #PREFIX} and 43 characters of base64url (256 random bits). Only
 * its SHA-256 is stored; a fast hash is enough because the secret is random, not chosen by a person,
 * so there is nothing to guess from the hash. The prefix lets the coordinator tell its own tokens from
 * an identity provider's, and lets secret scanners find a leaked one.
 */
public final class TokenSecret {

    public static final String PREFIX = "flt_";
    private static final int RANDOM_BYTES = 32;
    private static final Pattern FORMAT = Pattern.compile("flt_[A-Za-z0-9_-]{43}");

    private TokenSecret() {}

    /** A new secret from {@code random}. */
    public static String generate(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code text} looks like one of the coordinator's tokens (it may still be unknown). */
    public static boolean isToken(String text) {
        return text != null && text.startsWith(PREFIX);
    }

    /** Whether {@code text} has the exact shape of a secret {@link #generate} makes. */
    public static boolean isWellFormed(String text) {
        return text != null && FORMAT.matcher(text).matches();
    }

    /** The hex SHA-256 of the secret: what is stored and looked up. */
    public static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The first characters of the secret, enough to recognise it in a list and useless to an attacker. */
    public static String hint(String secret) {
        return secret.substring(0, Math.min(secret.length(), PREFIX.length() + 4)) + "…";
    }
}
