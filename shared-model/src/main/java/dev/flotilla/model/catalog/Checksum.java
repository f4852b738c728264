package dev.flotilla.model.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a script with line endings normalised to LF, so a Windows (CRLF) checkout of the same
 * migration has the same checksum as a Unix one. Hex, lower case.
 */
public final class Checksum {

    private Checksum() {}

    public static String of(String script) {
        return sha256Hex(normaliseLineEndings(script));
    }

    public static String normaliseLineEndings(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    public static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
