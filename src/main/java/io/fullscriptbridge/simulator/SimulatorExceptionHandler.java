package io.fullscriptbridge.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Maps errors of the simulator's controllers (this package only) to JSON: Fullscript-style
 * {@code {"error": [...]}} for the API, RFC 6749 bodies for OAuth, and never a 500 for bad input.
 */
@RestControllerAdvice(basePackageClasses = SimulatorExceptionHandler.class)
@ConditionalOnSimulatorEnabled
// before Boot's ProblemDetailsExceptionHandler (spring.mvc.problemdetails.enabled), which would otherwise answer
// Spring MVC's own exceptions with problem+json; this advice only applies to the simulator's controllers
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SimulatorExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(SimulatorExceptionHandler.class);

    @ExceptionHandler(SimulatorApiException.class)
    public ResponseEntity<Map<String, Object>> api(SimulatorApiException e) {
        return ResponseEntity.status(e.status()).body(Map.of("error", e.messages()));
    }

    @ExceptionHandler(OAuthErrorException.class)
    public ResponseEntity<Map<String, Object>> oauth(OAuthErrorException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.error());
        body.put("error_description", e.description());
        return ResponseEntity.status(e.status()).cacheControl(CacheControl.noStore()).body(body);
    }

    /** Raised by the admin endpoints for bad settings. */
    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<Map<String, Object>> badAdminRequest(IllegalArgumentException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return error(HttpStatus.BAD_REQUEST, "Malformed JSON body");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ResponseEntity<Map<String, Object>> typeMismatch(MethodArgumentTypeMismatchException e) {
        return error(HttpStatus.BAD_REQUEST, "Parameter " + e.getName() + " has the wrong type");
    }

    @ExceptionHandler(ServletRequestBindingException.class)
    public ResponseEntity<Map<String, Object>> binding(ServletRequestBindingException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<Map<String, Object>> unexpected(Exception e) {
        log.error("simulator request failed", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "Internal simulator error");
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", List.of(message)));
    }
}
