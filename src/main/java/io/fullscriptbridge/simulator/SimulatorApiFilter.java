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
        long arrival = System.nanoTime();
        response.setHeader(REQUEST_ID_HEADER, UUID.randomUUID().toString());
        // Buffer the (small) body so the request is counted before the client can see the response: a test that
        // asserts counts right after a call must never race the count.
        ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
        boolean form = request.getContentType() != null && request.getContentType().startsWith("application/x-www-form-urlencoded");
        // the body is read up front (API bodies are small), so it is logged even when a fault answers before a handler reads it
        BufferedRequest read = form ? null : new BufferedRequest(request);
        int status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        String inFlightKey = request.getMethod() + " " + apiPath(request);
        requestLog.started(inFlightKey);
        try {
            chain.doFilter(read == null ? request : read, buffered);
            status = buffered.getStatus();
        } finally {
            requestLog.finished(inFlightKey);
            requestLog.record(new SimulatorRequestLog.Entry(endpointKey(request), apiPath(request),
                    request.getQueryString() == null ? "" : request.getQueryString(),
                    read != null ? read.text() : formText(request), status, arrival));
            buffered.copyBodyToResponse();
        }
    }

    private static String formText(HttpServletRequest request) {
        StringBuilder text = new StringBuilder();
        request.getParameterMap().forEach((name, values) -> text.append(name).append('=').append(String.join(",", values)).append('&'));
        return text.length() > SimulatorRequestLog.KEPT_BODY_CHARS ? text.substring(0, SimulatorRequestLog.KEPT_BODY_CHARS) : text.toString();
    }

    /** A request whose body was read into memory once; handlers read it from there. */
    static final class BufferedRequest extends jakarta.servlet.http.HttpServletRequestWrapper {
        private final byte[] body;

        BufferedRequest(HttpServletRequest request) throws IOException {
            super(request);
            this.body = request.getInputStream().readAllBytes();
        }

        String text() {
            String all = new String(body, java.nio.charset.StandardCharsets.UTF_8);
            return all.length() > SimulatorRequestLog.KEPT_BODY_CHARS ? all.substring(0, SimulatorRequestLog.KEPT_BODY_CHARS) : all;
        }

        @Override
        public jakarta.servlet.ServletInputStream getInputStream() {
            java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(body);
            return new jakarta.servlet.ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(jakarta.servlet.ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }

    /** The literal path under the simulator's base, e.g. {@code /api/clinic/patients/4000…}. */
    static String apiPath(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith(BASE_PATH) ? path.substring(BASE_PATH.length()) : path;
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
