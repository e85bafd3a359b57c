package io.fullscriptbridge.fullscript;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of the fullscript-api routes: turn a {@link FullscriptRequest} into an HTTP request with the acting
 * user's token, wait for the request budget, and turn the HTTP response into a JSON body or a typed
 * {@link FullscriptApiException}; refresh a rejected token; fail fast while the circuit is open.
 * Logs carry the endpoint, status, X-Request-Id and ids; never a token, never a body.
 */
@Component("fullscriptCall")
public class FullscriptCall {

    public static final String REQUEST = "fullscriptRequest";
    public static final String TOKEN = "fullscriptToken";
    /** Set by the retry policy after a 401: the next attempt refreshes the rejected token first. */
    public static final String REFRESH_TOKEN = "fullscriptRefreshToken";
    /** The token refreshAfterRejection returned: every later attempt of this call uses it. */
    public static final String REFRESHED_TOKEN = "fullscriptRefreshedToken";
    /** The {@link FullscriptLane} the call waits in for the budget; absent = bulk. */
    public static final String LANE = "fullscriptLane";

    private static final Logger log = LoggerFactory.getLogger(FullscriptCall.class);

    private final AccessTokenProvider tokens;
    private final FullscriptEnvironment environment;
    private final ObjectMapper mapper;
    private final MeterRegistry meters;
    private final RequestBudget budget;
    private final Timer interactiveWait;
    private final Timer bulkWait;

    public FullscriptCall(AccessTokenProvider tokens, FullscriptEnvironment environment, ObjectMapper mapper, MeterRegistry meters,
                          RequestBudget budget) {
        this.tokens = tokens;
        this.environment = environment;
        this.mapper = mapper;
        this.meters = meters;
        this.budget = budget;
        this.interactiveWait = budgetWaitTimer(meters, FullscriptLane.INTERACTIVE);
        this.bulkWait = budgetWaitTimer(meters, FullscriptLane.BULK);
    }

    public void prepare(Exchange exchange) throws IOException {
        FullscriptRequest request = exchange.getProperty(REQUEST, FullscriptRequest.class);
        Message message = exchange.getMessage();
        // no header of the caller or of a previous attempt's response goes out; Camel's redelivery bookkeeping stays
        message.removeHeaders("*", "CamelRedelivery*");
        if (request.authenticated()) {
            if (exchange.getProperty(REFRESH_TOKEN, false, Boolean.class)) {
                exchange.removeProperty(REFRESH_TOKEN);
                refreshRejectedToken(exchange, request);
            }
            AccessToken token = exchange.getProperty(REFRESHED_TOKEN, AccessToken.class);
            if (token == null) {
                token = request.actingUser().token(tokens);
            }
            exchange.setProperty(TOKEN, token);
            message.setHeader("Authorization", "Bearer " + token.value());
        }
        message.setHeader("Accept", "application/json");
        // camel-http's own enum: a String would go through Camel's type converter lookup on every call (4 % of the
        // per-patient consumers' CPU for changed patients in the profile, docs/benchmarks.md)
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(request.method()));
        message.setHeader(Exchange.HTTP_URI, environment.apiBaseUrl() + withoutApiPrefix(request.path()));
        if (!request.query().isEmpty()) {
            message.setHeader(Exchange.HTTP_QUERY, encode(request.query()));
        }
        if (request.body() != null) {
            message.setHeader(Exchange.CONTENT_TYPE, "application/json");
            message.setBody(mapper.writeValueAsString(request.body()));
        } else {
            message.setBody(null);
        }
    }

    /** Fullscript's paths are documented as /api/…; the base URL already ends in /api. */
    private static String withoutApiPrefix(String path) {
        return path.startsWith("/api") ? path.substring("/api".length()) : path;
    }

    private static Timer budgetWaitTimer(MeterRegistry meters, FullscriptLane lane) {
        return Timer.builder("bridge.fullscript.budget.wait")
                .description("Time requests to Fullscript waited for room in the rate budget")
                .tag("lane", lane.name().toLowerCase(java.util.Locale.ROOT))
                .register(meters);
    }

    /**
     * Waits until the app-wide request budget has room: every request to Fullscript, each retry and token refresh
     * included. In the call's lane (exchange property {@link #LANE}, bulk when absent), bulk calls taking turns by
     * the acting user's tenant.
     */
    public void awaitRateBudget(Exchange exchange) {
        FullscriptRequest request = exchange.getProperty(REQUEST, FullscriptRequest.class);
        FullscriptLane lane = exchange.getProperty(LANE, FullscriptLane.BULK, FullscriptLane.class);
        try {
            Duration waited = budget.acquire(lane, request.authenticated() ? request.actingUser().tenant() : "");
            (lane == FullscriptLane.INTERACTIVE ? interactiveWait : bulkWait).record(waited);
            if (log.isDebugEnabled() && !waited.isZero()) {
                log.debug("fullscript request budget held endpoint=\"{}\" lane={} waitedMs={}", request.endpointKey(), lane, waited.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FullscriptApiException.Transient(request.endpointKey(), 0, null,
                    List.of("interrupted while waiting for the rate budget"), e);
        }
    }

    /** The circuit breaker refused the call: fail fast, as a transient failure the broker redelivers later. */
    public void circuitOpen(Exchange exchange) {
        FullscriptRequest request = exchange.getProperty(REQUEST, FullscriptRequest.class);
        Counter.builder("bridge.fullscript.circuit.rejected")
                .description("Calls to Fullscript not attempted because the circuit breaker was open")
                .tag("endpoint", request.endpointKey())
                .register(meters)
                .increment();
        log.info("fullscript call not attempted, circuit breaker open endpoint=\"{}\" exchangeId={}",
                request.endpointKey(), exchange.getExchangeId());
        throw new FullscriptApiException.CircuitOpen(request.endpointKey());
    }

    /**
     * Fullscript answered 401 to this call's token: refresh the connection once; this attempt and any later one use
     * the new token. A refresh that fails throws (NoConnectionException: the user must reconnect).
     */
    private void refreshRejectedToken(Exchange exchange, FullscriptRequest request) {
        AccessToken rejected = exchange.getProperty(TOKEN, AccessToken.class);
        log.info("fullscript rejected the token endpoint=\"{}\" connectionId={}: refreshing it, then retrying once",
                request.endpointKey(), rejected.connectionId());
        AccessToken refreshed = tokens.refreshAfterRejection(request.actingUser(), rejected);
        request.actingUser().remember(refreshed);
        exchange.setProperty(REFRESHED_TOKEN, refreshed);
    }


    /** The connection could not be made or timed out: a retry later may succeed. */
    public void ioFailure(Exchange exchange) {
        FullscriptRequest request = exchange.getProperty(REQUEST, FullscriptRequest.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        count(request, "io_error");
        log.warn("fullscript call failed endpoint=\"{}\" error={}", request.endpointKey(), cause == null ? "?" : cause.getClass().getSimpleName());
        throw new FullscriptApiException.Transient(request.endpointKey(), 0, null, List.of(), cause);
    }

    public void readResponse(Exchange exchange) throws IOException {
        FullscriptRequest request = exchange.getProperty(REQUEST, FullscriptRequest.class);
        AccessToken token = exchange.getProperty(TOKEN, AccessToken.class);
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String requestId = message.getHeader("X-Request-Id", String.class);
        String body = message.getBody(String.class);
        count(request, String.valueOf(status));
        log.info("fullscript call endpoint=\"{}\" status={} requestId={} connectionId={} route={} messageId={} exchangeId={}",
                request.endpointKey(), status, requestId, token == null ? "-" : token.connectionId(),
                exchange.getProperty(LogContext.ROUTE, String.class), exchange.getProperty(LogContext.MESSAGE_ID, String.class), exchange.getExchangeId());

        if (status >= 200 && status < 300) {
            message.setBody(body == null || body.isBlank() ? mapper.createObjectNode() : mapper.readTree(body));
            return;
        }
        List<String> errors = errorsOf(body);
        if (status == 401) {
            throw new FullscriptApiException.Unauthorized(request.endpointKey(), requestId, errors);
        }
        if (status == 429 || status >= 500) {
            Duration retryAfter = retryAfter(message.getHeader("Retry-After", String.class), Instant.now());
            throw new FullscriptApiException.Transient(request.endpointKey(), status, requestId, errors, null, retryAfter);
        }
        if (status == 403 && errors.stream().anyMatch(e -> e.toLowerCase(java.util.Locale.ROOT).contains("scope"))) {
            throw new FullscriptApiException.InsufficientScope(request.endpointKey(), requestId, errors);
        }
        throw new FullscriptApiException.Rejected(request.endpointKey(), status, requestId, errors);
    }

    /** Fullscript's documented error body is {"error": ["…", "…"]}; OAuth errors are {"error": "invalid_token"}. */
    private List<String> errorsOf(String body) {
        List<String> errors = new ArrayList<>();
        if (body == null || body.isBlank()) {
            return errors;
        }
        try {
            JsonNode error = mapper.readTree(body).path("error");
            if (error.isArray()) {
                error.forEach(e -> errors.add(e.asText()));
            } else if (error.isTextual()) {
                errors.add(error.asText());
            }
        } catch (IOException notJson) {
            errors.add("(error body was not JSON)");
        }
        return errors;
    }

    /** {@code Retry-After}: delay-seconds or an HTTP-date (RFC 9110 §10.2.3); null when absent or unreadable. */
    static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(value));
            } catch (NumberFormatException tooLong) {
                return Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L);
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }

    private void count(FullscriptRequest request, String status) {
        Counter.builder("bridge.fullscript.requests")
                .description("Calls to Fullscript's API by endpoint and status")
                .tag("endpoint", request.endpointKey())
                .tag("status", status)
                .register(meters)
                .increment();
    }

    private static String encode(Map<String, String> query) {
        return query.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
