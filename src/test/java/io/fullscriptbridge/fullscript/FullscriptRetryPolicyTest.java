package io.fullscriptbridge.fullscript;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.fullscriptbridge.fullscript.FullscriptRetryPolicy.Decision;
import io.fullscriptbridge.fullscript.FullscriptRetryPolicy.Outcome;
import org.junit.jupiter.api.Test;

/** The retry arithmetic and Retry-After parsing on their own; the route's behaviour is FullscriptRetryTest's. */
class FullscriptRetryPolicyTest {

    private final FullscriptResilienceProperties.Retry defaults = new FullscriptResilienceProperties.Retry();

    @Test
    void backsOffExponentiallyFromTheInitialDelayUpToTheMaxAttempts() {
        FullscriptApiException.Transient unavailable = transientFailure(503, null);
        assertThat(FullscriptRetryPolicy.decide(defaults, unavailable, 1, true)).isEqualTo(new Decision(Outcome.RETRY, Duration.ofMillis(500)));
        assertThat(FullscriptRetryPolicy.decide(defaults, unavailable, 2, true)).isEqualTo(new Decision(Outcome.RETRY, Duration.ofMillis(1000)));
        assertThat(FullscriptRetryPolicy.decide(defaults, unavailable, 3, true)).isEqualTo(new Decision(Outcome.RETRY, Duration.ofMillis(2000)));
        assertThat(FullscriptRetryPolicy.decide(defaults, unavailable, 4, true).outcome()).isEqualTo(Outcome.EXHAUSTED);
    }

    @Test
    void theBackoffIsCappedAtTheMaxDelay() {
        FullscriptResilienceProperties.Retry settings = new FullscriptResilienceProperties.Retry();
        settings.setMaxAttempts(10);
        settings.setInitialDelay(Duration.ofSeconds(10));
        assertThat(FullscriptRetryPolicy.decide(settings, transientFailure(500, null), 3, true).delay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(FullscriptRetryPolicy.decide(settings, transientFailure(500, null), 10, true).delay()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void retryAfterIsAMinimumAndBeyondTheMaxDelayEndsTheRetries() {
        assertThat(FullscriptRetryPolicy.decide(defaults, transientFailure(429, Duration.ofSeconds(7)), 1, true).delay())
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(FullscriptRetryPolicy.decide(defaults, transientFailure(429, Duration.ofMillis(100)), 2, true).delay())
                .as("the backoff when it is longer").isEqualTo(Duration.ofSeconds(1));
        assertThat(FullscriptRetryPolicy.decide(defaults, transientFailure(429, Duration.ofSeconds(30)), 1, true).delay())
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(FullscriptRetryPolicy.decide(defaults, transientFailure(429, Duration.ofSeconds(31)), 1, true).outcome())
                .isEqualTo(Outcome.RETRY_AFTER_TOO_LONG);
    }

    @Test
    void noRetriesWhenMaxAttemptsIsZeroAndNeverForAnOpenCircuit() {
        FullscriptResilienceProperties.Retry none = new FullscriptResilienceProperties.Retry();
        none.setMaxAttempts(0);
        assertThat(FullscriptRetryPolicy.decide(none, transientFailure(503, null), 1, true).outcome()).isEqualTo(Outcome.EXHAUSTED);
        assertThat(FullscriptRetryPolicy.decide(defaults, new FullscriptApiException.CircuitOpen("GET /api/clinic"), 1, true).outcome())
                .isEqualTo(Outcome.NOT_RETRIED);
    }

    @Test
    void aCreateIsRepeatedOnlyWhenFullscriptCannotHaveActedOnIt() {
        assertThat(FullscriptRetryPolicy.decide(defaults, transientFailure(429, null), 1, false).outcome()).isEqualTo(Outcome.RETRY);
        assertThat(FullscriptRetryPolicy.decide(defaults, transientFailure(503, null), 1, false).outcome()).isEqualTo(Outcome.RETRY);
        assertThat(FullscriptRetryPolicy.decide(defaults, ioFailure(new java.net.ConnectException("refused")), 1, false).outcome())
                .isEqualTo(Outcome.RETRY);
        assertThat(FullscriptRetryPolicy.decide(defaults, transientFailure(500, null), 1, false).outcome())
                .isEqualTo(Outcome.MAY_HAVE_BEEN_PROCESSED);
        assertThat(FullscriptRetryPolicy.decide(defaults, transientFailure(504, null), 1, false).outcome())
                .isEqualTo(Outcome.MAY_HAVE_BEEN_PROCESSED);
        assertThat(FullscriptRetryPolicy.decide(defaults, ioFailure(new java.net.SocketTimeoutException("read")), 1, false).outcome())
                .isEqualTo(Outcome.MAY_HAVE_BEEN_PROCESSED);
        // GET and PATCH are safe to repeat whatever happened
        assertThat(FullscriptRetryPolicy.decide(defaults, transientFailure(500, null), 1, true).outcome()).isEqualTo(Outcome.RETRY);
        assertThat(FullscriptRetryPolicy.decide(defaults, ioFailure(new java.net.SocketTimeoutException("read")), 1, true).outcome())
                .isEqualTo(Outcome.RETRY);
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2025-03-01T12:00:00Z");
        assertThat(FullscriptCall.retryAfter("120", now)).isEqualTo(Duration.ofSeconds(120));
        assertThat(FullscriptCall.retryAfter(" 0 ", now)).isEqualTo(Duration.ZERO);
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(10).atOffset(ZoneOffset.UTC));
        assertThat(FullscriptCall.retryAfter(inTenSeconds, now)).isEqualTo(Duration.ofSeconds(10));
        assertThat(FullscriptCall.retryAfter("Sat, 01 Mar 2025 11:59:00 GMT", now)).as("a date in the past").isEqualTo(Duration.ZERO);
        assertThat(FullscriptCall.retryAfter("soon", now)).isNull();
        assertThat(FullscriptCall.retryAfter("-5", now)).isNull();
        assertThat(FullscriptCall.retryAfter(null, now)).isNull();
        assertThat(FullscriptCall.retryAfter("99999999999999999999999", now)).isGreaterThan(Duration.ofDays(365));
    }

    private static FullscriptApiException.Transient ioFailure(Exception cause) {
        return new FullscriptApiException.Transient("POST /api/clinic/patients", 0, null, List.of(), cause);
    }

    private static FullscriptApiException.Transient transientFailure(int status, Duration retryAfter) {
        return new FullscriptApiException.Transient("GET /api/clinic", status, "req-1", List.of(), null, retryAfter);
    }
}
