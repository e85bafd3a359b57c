package io.fullscriptbridge.fullscript;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * When the fullscript-api route makes another attempt of a failed call, and after how long. Camel's error handler
 * runs it as the {@code onExceptionOccurred} processor of the route's retry policy: it decides, sets {@link #RETRY}
 * (the policy's {@code retryWhile}) and the {@code CamelRedeliveryDelay} header (the delay Camel sleeps before the
 * redelivery).
 *
 * <p>A 401 to a call that sent a bearer token: one more attempt, at once, which first refreshes the token
 * ({@link FullscriptCall#REFRESH_TOKEN}); a 401 after the refresh goes to the caller.
 *
 * <p>A transient failure (I/O, timeout, 429, 5xx): up to {@code max-attempts} retries.
 * <p>The n-th retry waits {@code min(maxDelay, initialDelay * multiplier^(n-1))}; when Fullscript sent
 * {@code Retry-After} it waits at least that long. A {@code Retry-After} beyond {@code maxDelay} ends the retries:
 * the {@link FullscriptApiException.Transient} goes to the caller and the broker redelivers later, instead of a
 * consumer thread sleeping for minutes. An open circuit is never retried here for the same reason.
 *
 * <p>A POST (create) is repeated here only when Fullscript certainly did not act on it: 429, 503, or no connection
 * made. After a 500/502/504 or a response timeout the patient may exist already; the caller's redelivery starts
 * over with the metadata lookup, which finds it, where a blind re-POST would create a duplicate.
 */
@Component("fullscriptRetryPolicy")
public class FullscriptRetryPolicy implements Processor {

    /** Exchange property read by the route's retryWhile: retry the failed attempt. */
    public static final String RETRY = "fullscriptRetry";
    /** Exchange property: retries of transient failures made so far in this call. */
    public static final String RETRIES = "fullscriptRetries";

    private static final Logger log = LoggerFactory.getLogger(FullscriptRetryPolicy.class);

    private final FullscriptResilienceProperties properties;
    private final MeterRegistry meters;

    public FullscriptRetryPolicy(FullscriptResilienceProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.meters = meters;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(RETRY, false);
        if (exchange.getException() instanceof FullscriptApiException.Unauthorized rejected) {
            retryWithRefreshedToken(exchange, rejected);
            return;
        }
        if (!(exchange.getException() instanceof FullscriptApiException.Transient failure)) {
            return;
        }
        String endpoint = failure.getEndpointKey();
        FullscriptRequest request = exchange.getProperty(FullscriptCall.REQUEST, FullscriptRequest.class);
        boolean idempotent = request == null || !"POST".equalsIgnoreCase(request.method());
        int retry = exchange.getProperty(RETRIES, 0, Integer.class) + 1;
        Decision decision = decide(properties.getRetry(), failure, retry, idempotent);
        switch (decision.outcome()) {
            case RETRY -> {
                exchange.setProperty(RETRY, true);
                exchange.setProperty(RETRIES, retry);
                exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, decision.delay().toMillis());
                String reason = reason(failure);
                countRetry(endpoint, reason);
                log.info("fullscript retry endpoint=\"{}\" retry={}/{} reason={} requestId={} delayMs={}", endpoint,
                        retry, properties.getRetry().getMaxAttempts(), reason, failure.getRequestId(), decision.delay().toMillis());
            }
            case RETRY_AFTER_TOO_LONG -> log.warn("fullscript asked to wait endpoint=\"{}\" retryAfterSeconds={} beyond max-delay={}: "
                            + "leaving the retry to the broker", endpoint, failure.getRetryAfter().toSeconds(),
                    properties.getRetry().getMaxDelay());
            case EXHAUSTED -> {
                if (retry > 1) {
                    log.warn("fullscript call still failing after {} retries endpoint=\"{}\" reason={} requestId={}",
                            retry - 1, endpoint, reason(failure), failure.getRequestId());
                }
            }
            case MAY_HAVE_BEEN_PROCESSED -> log.warn("fullscript may have acted on the request endpoint=\"{}\" reason={} requestId={}: "
                    + "not repeated here, leaving it to the caller", endpoint, reason(failure), failure.getRequestId());
            case NOT_RETRIED -> {
                // an open circuit: the call was not attempted, FullscriptCall.circuitOpen logged it
            }
        }
    }

    /** Only once per call, and only when a bearer token was sent (not for the OAuth token/revoke endpoints). */
    private void retryWithRefreshedToken(Exchange exchange, FullscriptApiException.Unauthorized rejected) {
        boolean sentToken = exchange.getProperty(FullscriptCall.TOKEN) != null;
        boolean refreshedAlready = exchange.getProperty(FullscriptCall.REFRESHED_TOKEN) != null;
        if (!sentToken || refreshedAlready) {
            return;
        }
        exchange.setProperty(RETRY, true);
        exchange.setProperty(FullscriptCall.REFRESH_TOKEN, true);
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, 0L);
        countRetry(rejected.getEndpointKey(), "401");
    }

    private void countRetry(String endpoint, String reason) {
        Counter.builder("bridge.fullscript.retries")
                .description("Retries of calls to Fullscript's API by endpoint and reason")
                .tag("endpoint", endpoint)
                .tag("reason", reason)
                .register(meters)
                .increment();
    }

    public enum Outcome { RETRY, EXHAUSTED, RETRY_AFTER_TOO_LONG, MAY_HAVE_BEEN_PROCESSED, NOT_RETRIED }

    public record Decision(Outcome outcome, Duration delay) {
    }

    /**
     * Whether to make retry number {@code retry} (1 = the first retry) after {@code failure}, and after how long.
     *
     * @param idempotent false for a POST: repeated only when Fullscript cannot have acted on it
     */
    static Decision decide(FullscriptResilienceProperties.Retry settings, FullscriptApiException.Transient failure, int retry,
                           boolean idempotent) {
        if (failure instanceof FullscriptApiException.CircuitOpen) {
            return new Decision(Outcome.NOT_RETRIED, null);
        }
        if (!idempotent && !notProcessed(failure)) {
            return new Decision(Outcome.MAY_HAVE_BEEN_PROCESSED, null);
        }
        if (retry > settings.getMaxAttempts()) {
            return new Decision(Outcome.EXHAUSTED, null);
        }
        Duration maxDelay = settings.getMaxDelay();
        Duration retryAfter = failure.getRetryAfter();
        if (retryAfter != null && retryAfter.compareTo(maxDelay) > 0) {
            return new Decision(Outcome.RETRY_AFTER_TOO_LONG, null);
        }
        double backoffMillis = settings.getInitialDelay().toMillis() * Math.pow(settings.getMultiplier(), retry - 1);
        Duration delay = backoffMillis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis(Math.round(backoffMillis));
        if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
            delay = retryAfter;
        }
        return new Decision(Outcome.RETRY, delay);
    }

    /** 429 and 503 refuse the request; without a connection it never left. Anything else may have been acted on. */
    static boolean notProcessed(FullscriptApiException.Transient failure) {
        if (failure.getStatus() == 429 || failure.getStatus() == 503) {
            return true;
        }
        if (failure.getStatus() != 0) {
            return false;
        }
        Throwable cause = failure.getCause();
        return cause instanceof ConnectException || cause instanceof UnknownHostException
                || cause instanceof ConnectTimeoutException || cause instanceof ConnectionRequestTimeoutException
                || cause instanceof InterruptedException;
    }

    /** The reason tag: the HTTP status, or io_error when there was no response. */
    static String reason(FullscriptApiException failure) {
        return failure.getStatus() == 0 ? "io_error" : String.valueOf(failure.getStatus());
    }
}
