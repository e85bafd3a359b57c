package io.fullscriptbridge.fullscript;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.oauth.AccessToken;
import io.fullscriptbridge.oauth.AccessTokenProvider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of the fullscript-api route: turn a {@link FullscriptRequest} into an HTTP request with the acting
 * user's token, and the HTTP response into a JSON body or a typed {@link FullscriptApiException}.
 * Logs carry the endpoint, status, X-Request-Id and ids; never a token, never a body.
 */
@Component("fullscriptCall")
public class FullscriptCall {

    public static final String REQUEST = "fullscriptRequest";
    public static final String TOKEN = "fullscriptToken";

    private static final Logger log = LoggerFactory.getLogger(FullscriptCall.class);

    private final AccessTokenProvider tokens;
    private final FullscriptEnvironment environment;
    private final ObjectMapper mapper;
    private final MeterRegistry meters;

    public FullscriptCall(AccessTokenProvider tokens, FullscriptEnvironment environment, ObjectMapper mapper, MeterRegistry meters) {
        this.tokens = tokens;
        this.environment = environment;
        this.mapper = mapper;
        this.meters = meters;
    }

    public void prepare(Exchange exchange) throws IOException {
        FullscriptRequest request = exchange.getProperty(REQUEST, FullscriptRequest.class);
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        if (request.authenticated()) {
            AccessToken token = tokens.tokenFor(request.actingUser());
            exchange.setProperty(TOKEN, token);
            message.setHeader("Authorization", "Bearer " + token.value());
        }
        message.setHeader("Accept", "application/json");
        message.setHeader(Exchange.HTTP_METHOD, request.method());
        message.setHeader(Exchange.HTTP_URI, environment.apiBaseUrl() + request.path().replaceFirst("^/api", ""));
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
        log.info("fullscript call endpoint=\"{}\" status={} requestId={} connectionId={} exchangeId={}",
                request.endpointKey(), status, requestId, token == null ? "-" : token.connectionId(), exchange.getExchangeId());

        if (status >= 200 && status < 300) {
            message.setBody(body == null || body.isBlank() ? mapper.createObjectNode() : mapper.readTree(body));
            return;
        }
        List<String> errors = errorsOf(body);
        if (status == 401) {
            throw new FullscriptApiException.Unauthorized(request.endpointKey(), requestId, errors);
        }
        if (status == 429 || status >= 500) {
            throw new FullscriptApiException.Transient(request.endpointKey(), status, requestId, errors, null);
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
