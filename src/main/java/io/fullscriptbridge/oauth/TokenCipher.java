package io.fullscriptbridge.oauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for what must not be readable at rest: OAuth tokens, parked message bodies, tokens waiting in the
 * revocation queue, review items, treatment-plan copies. Output is {@code v2:<kid>:<base64(iv || ciphertext || tag)>}:
 * <ul>
 *   <li>{@code kid} names the key (the first 8 bytes of SHA-256 over "fsb-kid" and the key, base64url): one current
 *   key seals, older keys still open what they sealed until the re-seal job ({@code TokenResealer}) has moved every
 *   value to the current one;</li>
 *   <li>the {@code context} (a stable identifier of the row and field, e.g. {@code fullscript_connection:<id>:access})
 *   is AES-GCM associated data: a value copied into another row or field does not open;</li>
 *   <li>{@code v1:<base64>} values (no key id, no context, before key rotation existed) still open with any
 *   configured key, so existing rows keep working; the re-seal job rewrites them as v2.</li>
 * </ul>
 * The JDK's own provider does the cryptography; this class only fixes the parameters (random 96-bit IV per value,
 * 128-bit tag) so no caller can get them wrong.
 */
public final class TokenCipher {

    private static final String V1 = "v1:";
    private static final String V2 = "v2:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String currentKid;
    private final Map<String, SecretKey> keys = new LinkedHashMap<>();
    private final SecretKeySpec fingerprintKey;
    private final SecureRandom random = new SecureRandom();

    /** One key, nothing older (tests, first installs). */
    public TokenCipher(byte[] key256) {
        this(key256, List.of());
    }

    /**
     * @param current  seals everything new; 32 bytes
     * @param oldKeys  still open what they sealed (key rotation); 32 bytes each
     */
    public TokenCipher(byte[] current, List<byte[]> oldKeys) {
        this.currentKid = add(current);
        for (byte[] old : oldKeys) {
            add(old);
        }
        this.fingerprintKey = new SecretKeySpec(hmac(new SecretKeySpec(current, "HmacSHA256"), "fingerprint-key-v1"), "HmacSHA256");
    }

    private String add(byte[] key256) {
        if (key256.length != 32) {
            throw new IllegalArgumentException("a token key must be 32 bytes (AES-256), base64 encoded");
        }
        String kid = keyId(key256);
        keys.putIfAbsent(kid, new SecretKeySpec(key256, "AES"));
        return kid;
    }

    /** The key id a key's values carry: not secret, and says nothing about the key. */
    public static String keyId(byte[] key256) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("fsb-kid".getBytes(StandardCharsets.UTF_8));
            byte[] digest = sha.digest(key256);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String currentKeyId() {
        return currentKid;
    }

    /** Whether a sealed value is already under the current key, in the current format. */
    public boolean isCurrent(String sealedValue) {
        return sealedValue != null && sealedValue.startsWith(V2 + currentKid + ":");
    }

    /**
     * A keyed hash (HMAC-SHA256 under a key derived from the current token key): tells whether a value changed
     * without storing it, and cannot be reversed by guessing (a date of birth has few values) without the key.
     * A new current key changes every fingerprint once (each patient costs one PATCH at its next sync).
     */
    public String fingerprint(String value) {
        return Base64.getEncoder().withoutPadding().encodeToString(hmac(fingerprintKey, value));
    }

    private static byte[] hmac(SecretKeySpec key, String value) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Seals a value bound to {@code context} (the row and field it is stored in). */
    public String seal(String plaintext, String context) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKid), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad(context));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return V2 + currentKid + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /**
     * Opens a value sealed for {@code context}.
     * @throws IllegalStateException when its key is not configured, it was sealed for another context, or it was
     *         tampered with
     */
    public String open(String sealedValue, String context) {
        if (sealedValue == null) {
            throw new IllegalStateException("not a sealed value");
        }
        if (sealedValue.startsWith(V2)) {
            int colon = sealedValue.indexOf(':', V2.length());
            if (colon < 0) {
                throw new IllegalStateException("not a sealed value");
            }
            SecretKey key = keys.get(sealedValue.substring(V2.length(), colon));
            if (key == null) {
                throw new IllegalStateException("cannot decrypt: sealed under a key that is not configured (kid "
                        + sealedValue.substring(V2.length(), colon) + ")");
            }
            return decrypt(key, sealedValue.substring(colon + 1), aad(context));
        }
        if (sealedValue.startsWith(V1)) {
            // before key ids: whichever configured key sealed it; no associated data then
            IllegalStateException last = null;
            for (SecretKey key : keys.values()) {
                try {
                    return decrypt(key, sealedValue.substring(V1.length()), null);
                } catch (IllegalStateException e) {
                    last = e;
                }
            }
            throw last;
        }
        throw new IllegalStateException("not a sealed value");
    }

    /** Seals without binding to a row (values with no stable row identifier at sealing time). */
    public String encrypt(String plaintext) {
        return seal(plaintext, "");
    }

    /** Opens what {@link #encrypt} sealed (or a v1 value). */
    public String decrypt(String sealedValue) {
        return open(sealedValue, "");
    }

    private static byte[] aad(String context) {
        return ("fsb:" + (context == null ? "" : context)).getBytes(StandardCharsets.UTF_8);
    }

    private static String decrypt(SecretKey key, String base64, byte[] aad) {
        try {
            byte[] in = Base64.getDecoder().decode(base64);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            if (aad != null) {
                cipher.updateAAD(aad);
            }
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot decrypt: wrong key, another row's value, or tampered value", e);
        }
    }
}
