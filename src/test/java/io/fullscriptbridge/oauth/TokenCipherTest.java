package io.fullscriptbridge.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/** Sealed values name their key, stay bound to their row, and survive a key rotation. */
class TokenCipherTest {

    static final byte[] OLD = key(1);
    static final byte[] NEW = key(2);
    static final String ROW_A = "fullscript_connection:a:access";
    static final String ROW_B = "fullscript_connection:b:access";

    @Test
    void aValueCarriesItsKeyIdAndOpensForItsRow() {
        TokenCipher cipher = new TokenCipher(NEW);
        String sealed = cipher.seal("access-token-1", ROW_A);
        assertThat(sealed).startsWith("v2:" + TokenCipher.keyId(NEW) + ":").doesNotContain("access-token-1");
        assertThat(cipher.open(sealed, ROW_A)).isEqualTo("access-token-1");
        assertThat(cipher.isCurrent(sealed)).isTrue();
    }

    @Test
    void aTamperedValueIsRefused() {
        TokenCipher cipher = new TokenCipher(NEW);
        String sealed = cipher.seal("access-token-1", ROW_A);
        int at = sealed.length() - 6;
        String tampered = sealed.substring(0, at) + (sealed.charAt(at) == 'A' ? 'B' : 'A') + sealed.substring(at + 1);
        assertThatThrownBy(() -> cipher.open(tampered, ROW_A)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aValueMovedToAnotherRowOrFieldIsRefused() {
        TokenCipher cipher = new TokenCipher(NEW);
        String sealed = cipher.seal("access-token-1", ROW_A);
        assertThatThrownBy(() -> cipher.open(sealed, ROW_B)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.open(sealed, "fullscript_connection:a:refresh")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.open(sealed, "")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aWrongKeyIsRefused() {
        String sealed = new TokenCipher(OLD).seal("access-token-1", ROW_A);
        assertThatThrownBy(() -> new TokenCipher(NEW).open(sealed, ROW_A)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not configured");
        // the same key id claimed, another key underneath: the tag does not verify
        String forgedKid = sealed.replace(TokenCipher.keyId(OLD), TokenCipher.keyId(NEW));
        assertThatThrownBy(() -> new TokenCipher(NEW).open(forgedKid, ROW_A)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new TokenCipher(NEW).open(v1(OLD, "legacy"), "")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anOldKeyStillReadsAfterRotationWhileNewValuesUseTheNewKey() {
        String sealedBefore = new TokenCipher(OLD).seal("access-token-1", ROW_A);
        TokenCipher rotated = new TokenCipher(NEW, List.of(OLD));
        assertThat(rotated.open(sealedBefore, ROW_A)).isEqualTo("access-token-1");
        assertThat(rotated.isCurrent(sealedBefore)).isFalse();
        assertThat(rotated.seal("x", ROW_A)).startsWith("v2:" + TokenCipher.keyId(NEW) + ":");
    }

    @Test
    void valuesSealedBeforeKeyIdsExistedStillOpen() {
        assertThat(new TokenCipher(OLD).open(v1(OLD, "legacy-token"), ROW_A)).isEqualTo("legacy-token");
        assertThat(new TokenCipher(NEW, List.of(OLD)).decrypt(v1(OLD, "legacy-token"))).isEqualTo("legacy-token");
    }

    static byte[] key(int seed) {
        byte[] key = new byte[32];
        new java.util.Random(seed).nextBytes(key);
        return key;
    }

    /** How values were sealed before key ids (v1): AES-GCM, no associated data. */
    static String v1(byte[] key, String plaintext) {
        try {
            byte[] iv = new byte[12];
            new SecureRandom().nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            byte[] ct = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[12 + ct.length];
            System.arraycopy(iv, 0, out, 0, 12);
            System.arraycopy(ct, 0, out, 12, ct.length);
            return "v1:" + Base64.getEncoder().encodeToString(out);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
