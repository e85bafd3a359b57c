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
