package io.fullscriptbridge.fullscript;

import java.time.Duration;
import java.util.List;

/**
 * Fullscript answered with an error. Subclasses say whether a retry can help:
 * {@link Transient} (I/O, 429, 5xx: redeliver with backoff), {@link Unauthorized} (401: the user must reconnect
 * once a refresh has failed), {@link Rejected} (any other 4xx: the request itself is wrong; retrying will not help).
 */
public class FullscriptApiException extends RuntimeException {

    private final String endpointKey;
    private final int status;
    private final String requestId;
    private final List<String> errors;

    public FullscriptApiException(String endpointKey, int status, String requestId, List<String> errors, Throwable cause) {
        super(endpointKey + " -> " + (status == 0 ? "no response" : status)
                + (requestId == null ? "" : " requestId=" + requestId)
                + (errors.isEmpty() ? "" : " errors=" + errors), cause);
        this.endpointKey = endpointKey;
        this.status = status;
        this.requestId = requestId;
        this.errors = List.copyOf(errors);
    }

    public String getEndpointKey() { return endpointKey; }
    public int getStatus() { return status; }
    public String getRequestId() { return requestId; }
    public List<String> getErrors() { return errors; }

    /** A code for the errorCode header of ehr.inbound.invalid. */
    public String getErrorCode() {
        return "fullscript_" + status;
    }

    public String getErrorMessage() {
        return "Fullscript answered " + status + " to " + endpointKey + (errors.isEmpty() ? "" : ": " + String.join("; ", errors));
    }

    public static class Transient extends FullscriptApiException {

        private final Duration retryAfter;

        public Transient(String endpointKey, int status, String requestId, List<String> errors, Throwable cause) {
            this(endpointKey, status, requestId, errors, cause, null);
        }

        public Transient(String endpointKey, int status, String requestId, List<String> errors, Throwable cause,
                         Duration retryAfter) {
            super(endpointKey, status, requestId, errors, cause);
            this.retryAfter = retryAfter;
        }

        /** How long Fullscript asked us to wait (its {@code Retry-After} header), or null when it did not say. */
        public Duration getRetryAfter() {
            return retryAfter;
        }
    }

    /**
     * The circuit breaker is open: Fullscript failed too often lately, so the call was not even attempted (status 0).
     * Transient: the broker redelivers later.
     */
    public static class CircuitOpen extends Transient {
        public CircuitOpen(String endpointKey) {
            super(endpointKey, 0, null, List.of("circuit breaker open: Fullscript failed too often lately, call not attempted"), null);
        }
    }

    public static class Unauthorized extends FullscriptApiException {
        public Unauthorized(String endpointKey, String requestId, List<String> errors) {
            super(endpointKey, 401, requestId, errors, null);
        }
    }

    public static class Rejected extends FullscriptApiException {
        public Rejected(String endpointKey, int status, String requestId, List<String> errors) {
            super(endpointKey, status, requestId, errors, null);
        }
    }

    /**
     * 403 naming a scope: the user's token lacks a scope the call needs (tokens keep the scopes of their grant; adding
     * scopes to the app needs a new authorization). Not retried; an EHR message waits for the user to reconnect.
     */
    public static class InsufficientScope extends Rejected {
        public InsufficientScope(String endpointKey, String requestId, List<String> errors) {
            super(endpointKey, 403, requestId, errors);
        }
    }

    /**
     * A 2xx whose body is not the shape the bridge relies on (shapes marked UNCONFIRMED in shared/fullscript-api.md):
     * a clear error naming the endpoint instead of an empty id going on to the next call. Not retried.
     */
    public static class UnexpectedResponse extends Rejected {
        private final String detail;

        public UnexpectedResponse(String endpointKey, String detail) {
            super(endpointKey, 200, null, List.of(detail));
            this.detail = detail;
        }

        @Override
        public String getErrorCode() {
            return "fullscript_unexpected_response";
        }

        @Override
        public String getErrorMessage() {
            return "Fullscript's answer to " + getEndpointKey() + " has an unexpected shape: " + detail;
        }
    }
}
