package io.fullscriptbridge.oauth;

/** Lets tests of other packages seal a value the way v1 did. */
public final class TokenCipherTestAccess {
    private TokenCipherTestAccess() {
    }

    public static String v1(byte[] key, String plaintext) {
        return TokenCipherTest.v1(key, plaintext);
    }
}
