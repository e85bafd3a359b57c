package io.fullscriptbridge.events;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.fullscriptbridge.events.WebhookSignatureVerifier.Rejection;
import org.junit.jupiter.api.Test;

class WebhookSignatureVerifierTest {

    private static final long NOW = 1_700_000_000L;
    private static final byte[] BODY = "{\"event\":{\"id\":\"e1\",\"type\":\"patient.updated\"}}".getBytes(StandardCharsets.UTF_8);

    private final WebhookSignatureVerifier verifier = new WebhookSignatureVerifier(List.of("old-secret", "new-secret"), 300,
            Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

    @Test
    void aValidSignatureWithEitherRotatedSecretPasses() {
        assertThatCode(() -> verifier.verify(WebhookSignatureVerifier.header("new-secret", NOW, BODY), BODY)).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(WebhookSignatureVerifier.header("old-secret", NOW - 299, BODY), BODY)).doesNotThrowAnyException();
    }

    /**
     * Known answers computed outside this code base, once, with OpenSSL:
     * <pre>
     * t=1700000000; body='{"event":{"id":"e1","type":"patient.updated"}}'
     * printf %s "$t.$body" | openssl dgst -sha256 -hmac new-secret
     * body='{"event_payload":{"event":{"id":"evt-kat-2","type":"patient.updated","data":{"object":{"id":"p1","type":"patient"}}}}}'
     * printf %s "$t.$body" | openssl dgst -sha256 -hmac old-secret
     * </pre>
     */
    static final String KAT_1_HEX = "5ae2d331ff662d646c212a6d2a86ccaabffda3e2fb78e0f91c9c53ba1a97c863";
    static final byte[] KAT_2_BODY = "{\"event_payload\":{\"event\":{\"id\":\"evt-kat-2\",\"type\":\"patient.updated\",\"data\":{\"object\":{\"id\":\"p1\",\"type\":\"patient\"}}}}}"
            .getBytes(StandardCharsets.UTF_8);
    static final String KAT_2_HEX = "2667c9b569a667fa88b5fad092ca2a679755d80eb0737164cad1753653b0b4aa";

    @Test
    void independentlyComputedSignaturesAreAcceptedAndOneFlippedDigitIsNot() {
        assertThatCode(() -> verifier.verify("t=" + NOW + ",v1=" + KAT_1_HEX, BODY)).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify("t=" + NOW + ",v1=" + KAT_2_HEX, KAT_2_BODY)).doesNotThrowAnyException();
        // Fullscript may list several v1 values: one matching is enough
        assertThatCode(() -> verifier.verify("t=" + NOW + ",v1=" + KAT_2_HEX + ",v1=" + KAT_1_HEX, BODY)).doesNotThrowAnyException();

        String flipped = (KAT_1_HEX.charAt(0) == '5' ? "6" : "5") + KAT_1_HEX.substring(1);
        assertRejected("t=" + NOW + ",v1=" + flipped, BODY, Rejection.MISMATCH);
        assertRejected("t=" + (NOW + 1) + ",v1=" + KAT_1_HEX, BODY, Rejection.MISMATCH);
        assertRejected("t=" + NOW + ",v1=" + KAT_1_HEX, KAT_2_BODY, Rejection.MISMATCH);
        // the class's own helper agrees with OpenSSL
        org.assertj.core.api.Assertions.assertThat(WebhookSignatureVerifier.header("new-secret", NOW, BODY))
                .isEqualTo("t=" + NOW + ",v1=" + KAT_1_HEX);
    }

    @Test
    void aTamperedBodyOrAWrongSecretIsAMismatch() {
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("e1", "e2").getBytes(StandardCharsets.UTF_8);
        assertRejected(WebhookSignatureVerifier.header("new-secret", NOW, BODY), tampered, Rejection.MISMATCH);
        assertRejected(WebhookSignatureVerifier.header("someone-else", NOW, BODY), BODY, Rejection.MISMATCH);
        // one byte of whitespace is another body: the raw bytes are signed, not the JSON
        byte[] reformatted = (new String(BODY, StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
        assertRejected(WebhookSignatureVerifier.header("new-secret", NOW, BODY), reformatted, Rejection.MISMATCH);
    }

    @Test
    void staleAndFutureTimestampsAreRefused() {
        assertRejected(WebhookSignatureVerifier.header("new-secret", NOW - 301, BODY), BODY, Rejection.STALE);
        assertRejected(WebhookSignatureVerifier.header("new-secret", NOW + 301, BODY), BODY, Rejection.FUTURE);
    }

    @Test
    void missingOrMalformedHeadersAreRefused() {
        assertRejected(null, BODY, Rejection.MISSING);
        assertRejected("", BODY, Rejection.MISSING);
        assertRejected("v1=abcd", BODY, Rejection.MALFORMED);
        assertRejected("t=" + NOW, BODY, Rejection.MALFORMED);
        assertRejected("t=yesterday,v1=abcd", BODY, Rejection.MALFORMED);
        assertRejected("t=" + NOW + ",v1=not-hex", BODY, Rejection.MALFORMED);
        assertRejected("garbage", BODY, Rejection.MALFORMED);
    }

    @Test
    void withoutAConfiguredSecretNothingPasses() {
        WebhookSignatureVerifier none = new WebhookSignatureVerifier(List.of(""), 300, Clock.systemUTC());
        assertThatThrownBy(() -> none.verify(WebhookSignatureVerifier.header("any-secret", NOW, BODY), BODY))
                .isInstanceOfSatisfying(WebhookSignatureVerifier.RejectedException.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.reason()).isEqualTo(Rejection.NO_SECRET));
    }

    private void assertRejected(String header, byte[] body, Rejection reason) {
        assertThatThrownBy(() -> verifier.verify(header, body))
                .isInstanceOfSatisfying(WebhookSignatureVerifier.RejectedException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.reason()).isEqualTo(reason));
    }
}
