package io.fullscriptbridge.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

import org.springframework.http.ResponseCookie;

/**
 * Binds a connect flow to the browser that started it (OAuth login CSRF): the connect step puts a random value in
 * an HttpOnly, SameSite=Lax cookie and stores its SHA-256 with the state; the callback must come with the same
 * cookie. Without it, someone could send a practitioner a callback URL carrying the sender's own code and state
 * and bind the practitioner's EHR user to the sender's Fullscript account (or the reverse). Lax, not Strict: the
 * callback is a top-level navigation from Fullscript's site, which Lax cookies accompany and Strict ones do not.
 */
public final class BrowserBinding {

    public static final String COOKIE = "bridge_oauth_browser";
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private BrowserBinding() {
    }

    /** The browser's value when it already has a good one (several tabs may connect at once), else a new one. */
    public static String valueFor(String cookieValue) {
        if (cookieValue != null && WELL_FORMED.matcher(cookieValue).matches()) {
            return cookieValue;
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the callback's cookie is the one whose hash the state holds (constant-time comparison). */
    static boolean matches(String storedHash, String cookieValue) {
        if (storedHash == null || cookieValue == null) {
            return false;
        }
        return MessageDigest.isEqual(storedHash.getBytes(StandardCharsets.US_ASCII), hash(cookieValue).getBytes(StandardCharsets.US_ASCII));
    }

    public static ResponseCookie cookie(String value, Duration lifetime, boolean secure) {
        return ResponseCookie.from(COOKIE, value).httpOnly(true).secure(secure).sameSite("Lax")
                .path("/oauth/fullscript").maxAge(lifetime).build();
    }
}
