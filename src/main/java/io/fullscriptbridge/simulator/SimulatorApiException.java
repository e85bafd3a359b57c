package io.fullscriptbridge.simulator;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * An API error in Fullscript's documented shape: {@code {"error": ["message", ...]}}
 * (the only error body Fullscript documents is the 422 one with an {@code error} array).
 */
public class SimulatorApiException extends RuntimeException {

    private final HttpStatus status;
    private final List<String> messages;

    public SimulatorApiException(HttpStatus status, List<String> messages) {
        super(status + " " + messages);
        this.status = status;
        this.messages = List.copyOf(messages);
    }

    public static SimulatorApiException notFound() {
        return new SimulatorApiException(HttpStatus.NOT_FOUND, List.of("Not found"));
    }

    public static SimulatorApiException unprocessable(List<String> messages) {
        return new SimulatorApiException(HttpStatus.UNPROCESSABLE_ENTITY, messages);
    }

    public static SimulatorApiException badRequest(String message) {
        return new SimulatorApiException(HttpStatus.BAD_REQUEST, List.of(message));
    }

    public HttpStatus status() {
        return status;
    }

    public List<String> messages() {
        return messages;
    }
}
