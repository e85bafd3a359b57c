package io.fullscriptbridge.simulator;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Runs before every simulated API endpoint: first fault injection (latency, 429, 5xx — a rate limiter or load
 * balancer answers before the application does), then bearer-token authentication for everything outside
 * {@code /api/oauth/**}, then the grant's scope ({@link ScopeRules}: 403 {@code insufficient_scope}). An accepted
 * token puts an {@link ApiCaller} into the request.
 */
@Component
@ConditionalOnSimulatorEnabled
public class SimulatorApiInterceptor implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(SimulatorApiInterceptor.class);

    private final FaultInjector faults;
    private final SimulatorTokens tokens;
    private final ObjectMapper objectMapper;

    public SimulatorApiInterceptor(FaultInjector faults, SimulatorTokens tokens, ObjectMapper objectMapper) {
        this.faults = faults;
        this.tokens = tokens;
        this.objectMapper = objectMapper;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        String endpointKey = SimulatorApiFilter.endpointKey(request);
        FaultInjector.Fault fault = faults.decide(endpointKey);
        if (fault.latencyMs() > 0) {
            sleep(fault.latencyMs());
        }
        if (fault.fails()) {
            log.debug("simulator injected fault endpoint={} status={}", endpointKey, fault.status());
            if (fault.retryAfterSeconds() != null) {
                response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(fault.retryAfterSeconds()));
            }
            writeJson(response, fault.status(), Map.of("error", List.of(faultMessage(fault.status()))));
            return false;
        }
        if (endpointKey.contains(" /api/oauth/")) {
            return true;
        }
        String token = bearerToken(request);
        SimulatorTokens.Authentication authentication = tokens.authenticate(token);
        if (!authentication.ok()) {
            String description = token == null ? "No access token was provided"
                    : authentication.rejection().description();
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
                    "Bearer error=\"invalid_token\", error_description=\"" + description + "\"");
            Map<String, String> body = new LinkedHashMap<>();
            body.put("error", "invalid_token");
            body.put("error_description", description);
            writeJson(response, HttpServletResponse.SC_UNAUTHORIZED, body);
            return false;
        }
        java.util.Optional<String> needed = ScopeRules.required(endpointKey);
        if (needed.isPresent() && !authentication.hasScope(needed.get())) {
            // Doorkeeper's answer (Fullscript's own body for this is UNCONFIRMED: its docs say "Unauthorized")
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\", scope=\"" + needed.get() + "\"");
            Map<String, String> body = new LinkedHashMap<>();
            body.put("error", "insufficient_scope");
            body.put("error_description", "The action requires the " + needed.get() + " scope");
            writeJson(response, HttpServletResponse.SC_FORBIDDEN, body);
            return false;
        }
        request.setAttribute(ApiCaller.REQUEST_ATTRIBUTE, authentication.caller());
        return true;
    }

    private static String bearerToken(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static String faultMessage(int status) {
        return switch (status) {
            case 429 -> "Too many requests";
            case 500 -> "Internal server error";
            case 502 -> "Bad gateway";
            case 503 -> "Service unavailable";
            case 504 -> "Gateway timeout";
            default -> "Injected fault";
        };
    }

    private void writeJson(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        objectMapper.writeValue(response.getOutputStream(), body);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
