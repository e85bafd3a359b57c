package io.fullscriptbridge.simulator;

import java.io.IOException;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Wraps every request to the simulated API: gives the response an {@code X-Request-Id} (as Fullscript does) and
 * counts the request in {@link SimulatorRequestLog} by endpoint key and final status, including requests refused
 * by fault injection or bearer authentication. Registered for {@code /simulator/fullscript/api/*} by
 * {@link SimulatorConfiguration}.
 */
public class SimulatorApiFilter extends OncePerRequestFilter {

    static final String BASE_PATH = "/simulator/fullscript";
    static final String REQUEST_ID_HEADER = "X-Request-Id";

    private final SimulatorRequestLog requestLog;

    public SimulatorApiFilter(SimulatorRequestLog requestLog) {
        this.requestLog = requestLog;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(REQUEST_ID_HEADER, UUID.randomUUID().toString());
        // Buffer the (small) body so the request is counted before the client can see the response: a test that
        // asserts counts right after a call must never race the count.
        ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
        int status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        try {
            chain.doFilter(request, buffered);
            status = buffered.getStatus();
        } finally {
            requestLog.record(endpointKey(request), status);
            requestLog.recordPath(literalKey(request));
            buffered.copyBodyToResponse();
        }
    }

    /** {@code METHOD /api/literal/path}, without the simulator's base path. */
    static String literalKey(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith(BASE_PATH)) {
            path = path.substring(BASE_PATH.length());
        }
        return request.getMethod() + " " + path;
    }

    /**
     * {@code METHOD /api/path-template}, from the matched handler's pattern (e.g. {@code GET /api/clinic/patients/{id}});
     * the literal path when no endpoint matched.
     */
    static String endpointKey(HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        String path;
        if (pattern instanceof String p && p.startsWith(BASE_PATH + "/api") && !p.endsWith("/**")) {
            path = p;
        } else {
            path = request.getRequestURI().substring(request.getContextPath().length());
        }
        if (path.startsWith(BASE_PATH)) {
            path = path.substring(BASE_PATH.length());
        }
        return request.getMethod() + " " + path;
    }
}
