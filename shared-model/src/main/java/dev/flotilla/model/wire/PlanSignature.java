package dev.flotilla.model.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 signatures of plans. The coordinator signs a plan's id, which is the SHA-256 of its content
 * ({@link PlanPublished#contentId}), so a valid signature on a plan whose content matches its id
 * proves the coordinator holding the private key planned exactly these scripts. Agents hold only the
 * public key. Keys travel as PEM text: PKCS#8 for the private key, X.509 for the public one.
 */
public final class PlanSignature {

    private static final String ALGORITHM = "Ed25519";
    private static final String CONTEXT = "flotilla-plan-signature-v1\n";

    private PlanSignature() {}

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make " + ALGORITHM + " keys", e);
        }
    }

    /** The base64 signature of {@code planId}. */
    public static String sign(String planId, PrivateKey key) {
        return signBytes((CONTEXT + planId).getBytes(StandardCharsets.UTF_8), key);
    }

    /** Whether {@code signature} (nullable) is {@code key}'s signature of {@code planId}. */
    public static boolean valid(String planId, String signature, PublicKey key) {
        return validBytes((CONTEXT + planId).getBytes(StandardCharsets.UTF_8), signature, key);
    }

    /** The base64 Ed25519 signature of {@code data}, which starts with its own context string. */
    static String signBytes(byte[] data, PrivateKey key) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(data);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    /** Whether {@code signature} (nullable base64) is {@code key}'s signature of {@code data}. */
    static boolean validBytes(byte[] data, String signature, PublicKey key) {
        if (signature == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public static String pem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    public static String pem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    /** @throws IllegalArgumentException naming what is wrong when the text is not an Ed25519 private key */
    public static PrivateKey privateKey(String pem) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an " + ALGORITHM + " private key: " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException naming what is wrong when the text is not an Ed25519 public key */
    public static PublicKey publicKey(String pem) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an " + ALGORITHM + " public key: " + e.getMessage(), e);
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static byte[] der(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("expected a PEM block '" + begin + "'");
        }
        String body = pem.substring(from + begin.length(), to).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM block '" + label + "' is not base64", e);
        }
    }
}
