package io.fullscriptbridge.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fullscript's webhook signature (shared/fullscript-api.md §7): header {@code Fullscript-Signature: t=<unix s>,v1=<hex>},
 * v1 = HMAC-SHA256(secret, t + "." + raw body bytes). Constant-time compare, a timestamp tolerance both ways, and
 * any of several secrets (rotation).
 */
public class WebhookSignatureVerifier {

    /** Why a signature was refused: a metric tag, never shown with the body. */
    public enum Rejection { MISSING, MALFORMED, STALE, FUTURE, MISMATCH, NO_SECRET }

    public static class RejectedException extends RuntimeException {
        private final Rejection reason;

        public RejectedException(Rejection reason) {
            super("webhook signature rejected: " + reason.name().toLowerCase());
            this.reason = reason;
        }

        public Rejection reason() {
            return reason;
        }
    }

    private final List<String> secrets;
    private final long toleranceSeconds;
    private final Clock clock;

    public WebhookSignatureVerifier(List<String> secrets, long toleranceSeconds, Clock clock) {
        this.secrets = secrets.stream().filter(s -> s != null && !s.isBlank()).toList();
        this.toleranceSeconds = toleranceSeconds;
        this.clock = clock;
    }

    /** @throws RejectedException unless one secret signed exactly these bytes within the tolerance */
    public void verify(String header, byte[] rawBody) {
        if (secrets.isEmpty()) {
            throw new RejectedException(Rejection.NO_SECRET);
        }
        if (header == null || header.isBlank()) {
            throw new RejectedException(Rejection.MISSING);
        }
        Long timestamp = null;
        List<byte[]> signatures = new java.util.ArrayList<>();
        for (String part : header.split(",")) {
            String[] kv = part.strip().split("=", 2);
            if (kv.length != 2) {
                throw new RejectedException(Rejection.MALFORMED);
            }
            try {
                if (kv[0].equals("t")) {
                    timestamp = Long.parseLong(kv[1]);
                } else if (kv[0].equals("v1")) {
                    signatures.add(HexFormat.of().parseHex(kv[1]));
                }
            } catch (IllegalArgumentException e) {
                throw new RejectedException(Rejection.MALFORMED);
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            throw new RejectedException(Rejection.MALFORMED);
        }
        long now = clock.instant().getEpochSecond();
        if (timestamp < now - toleranceSeconds) {
            throw new RejectedException(Rejection.STALE);
        }
        if (timestamp > now + toleranceSeconds) {
            throw new RejectedException(Rejection.FUTURE);
        }
        for (String secret : secrets) {
            byte[] expected = sign(secret, timestamp, rawBody);
            for (byte[] given : signatures) {
                if (MessageDigest.isEqual(expected, given)) {
                    return;
                }
            }
        }
        throw new RejectedException(Rejection.MISMATCH);
    }

    public static byte[] sign(String secret, long timestamp, byte[] rawBody) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(rawBody);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The header value Fullscript would send (tests, the simulator). */
    public static String header(String secret, long timestamp, byte[] rawBody) {
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(sign(secret, timestamp, rawBody));
    }
}
