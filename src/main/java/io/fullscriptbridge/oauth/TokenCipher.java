package io.fullscriptbridge.oauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for what must not be readable at rest: OAuth tokens, parked message bodies, tokens waiting in the
 * revocation queue. Output is {@code v1:<base64(iv || ciphertext || tag)>}; the prefix leaves room for key rotation.
 * The JDK's own provider does the cryptography; this class only fixes the parameters (random 96-bit IV per value,
 * 128-bit tag) so no caller can get them wrong.
 */
public final class TokenCipher {

    private static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecretKeySpec fingerprintKey;
    private final SecureRandom random = new SecureRandom();

    public TokenCipher(byte[] key256) {
        if (key256.length != 32) {
            throw new IllegalArgumentException("the token key must be 32 bytes (AES-256), base64 encoded");
        }
        this.key = new SecretKeySpec(key256, "AES");
        this.fingerprintKey = new SecretKeySpec(hmac(new SecretKeySpec(key256, "HmacSHA256"), "fingerprint-key-v1"), "HmacSHA256");
    }

    /**
     * A keyed hash (HMAC-SHA256 under a key derived from the token key): tells whether a value changed without
     * storing it, and cannot be reversed by guessing (a date of birth has few values) without the key.
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

    public String encrypt(String plaintext) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** @throws IllegalStateException when the value was not sealed with this key (or was tampered with) */
    public String decrypt(String sealedValue) {
        if (sealedValue == null || !sealedValue.startsWith(PREFIX)) {
            throw new IllegalStateException("not a sealed value");
        }
        try {
            byte[] in = Base64.getDecoder().decode(sealedValue.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot decrypt: wrong key or tampered value", e);
        }
    }
}
