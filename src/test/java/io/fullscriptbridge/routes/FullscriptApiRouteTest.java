package io.fullscriptbridge.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.fullscript.FullscriptApi;
import io.fullscriptbridge.fullscript.FullscriptApiException;
import io.fullscriptbridge.fullscript.FullscriptCall;
import io.fullscriptbridge.fullscript.FullscriptLane;
import io.fullscriptbridge.fullscript.FullscriptRequest;
import io.fullscriptbridge.fullscript.FullscriptResilienceProperties;
import io.fullscriptbridge.fullscript.FullscriptRetryPolicy;
import io.fullscriptbridge.fullscript.FullscriptRoute;
import io.fullscriptbridge.fullscript.ActingUser;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routes/fullscript-api.camel.yaml on its own, with the HTTP call replaced: a transient failure re-runs the whole
 * attempt (fullscript-http) until it succeeds within bridge.fullscript.retry; a refusal is not retried and reaches
 * the caller as its typed exception (through the FullscriptRoute proxy FullscriptApi uses). FullscriptCall is a mock
 * that answers what the test's "Fullscript" said. Run alone: {@code mvn -q test -Dtest=FullscriptApiRouteTest}.
 */
class FullscriptApiRouteTest {

    private final ObjectMapper json = new ObjectMapper();
    private final FullscriptCall call = mock(FullscriptCall.class);
    private final AtomicInteger attempts = new AtomicInteger();
    private final List<String> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private RouteHarness routes;

    @BeforeEach
    void start() throws Exception {
        doAnswer(invocation -> {
            Exchange exchange = invocation.getArgument(0);
            String answer = exchange.getMessage().getBody(String.class);
            switch (answer) {
                case "503" -> throw new FullscriptApiException.Transient("GET /api/clinic", 503, null, List.of(), null);
                case "422" -> throw new FullscriptApiException.Rejected("GET /api/clinic", 422, null, List.of("invalid"));
                case "unreadable" -> throw new java.io.IOException("not JSON");
                default -> exchange.getMessage().setBody(json.readTree(answer));
            }
            return null;
        }).when(call).readResponse(any());
        FullscriptResilienceProperties resilience = new FullscriptResilienceProperties();
        resilience.getRetry().setInitialDelay(Duration.ofMillis(1));
        resilience.getRetry().setMaxDelay(Duration.ofMillis(5));
        routes = RouteHarness.of("fullscript-api.camel.yaml")
                .bind("fullscriptCall", call)
                .bind("fullscriptRetryPolicy", new FullscriptRetryPolicy(resilience, new SimpleMeterRegistry()))
                .bind("fullscriptCircuitBreaker", CircuitBreaker.ofDefaults("fullscript-test"))
                .advice("fullscript-http", a -> a.weaveById("call-fullscript").replace().process(exchange -> {
                    attempts.incrementAndGet();
                    exchange.getMessage().setBody(answers.remove(0));
                }))
                .start();
    }

    @AfterEach
    void stop() {
        routes.close();
    }

    @Test
    void aTransientFailureIsRetriedAndTheCallerGetsTheAnswer() {
        answers.addAll(List.of("503", "503", "{\"clinic\":{\"id\":\"clinic-1\"}}"));

        var clinic = new FullscriptApi(routes.entry(FullscriptRoute.class), json).clinic(user());

        assertThat(clinic.path("id").asText()).isEqualTo("clinic-1");
        assertThat(attempts).as("two failed attempts, one that worked").hasValue(3);
    }

    @Test
    void aRefusalIsNotRetriedAndReachesTheCallerTyped() {
        answers.addAll(List.of("422", "{}"));

        assertThatThrownBy(() -> new FullscriptApi(routes.entry(FullscriptRoute.class), json).clinic(user()))
                .isInstanceOf(FullscriptApiException.Rejected.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aCheckedFailureReachesTheCallerAsAnIllegalStateWithItsCause() {
        answers.add("unreadable");

        assertThatThrownBy(() -> new FullscriptApi(routes.entry(FullscriptRoute.class), json).clinic(user()))
                .isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(java.io.IOException.class);
    }

    @Test
    void theRequestTravelsAsAnExchangePropertyNeverAsAHeader() throws Exception {
        answers.add("{}");
        FullscriptRequest request = FullscriptRequest.get(user(), "/api/clinic", "/api/clinic", Map.of());

        routes.entry(FullscriptRoute.class).call(request, "m-1", "ehr-patient-sync", FullscriptLane.BULK);

        org.mockito.Mockito.verify(call).prepare(org.mockito.ArgumentMatchers.argThat(exchange ->
                exchange.getProperty(FullscriptCall.REQUEST) == request && "m-1".equals(exchange.getProperty("messageId"))
                        && exchange.getMessage().getHeaders().values().stream().noneMatch(v -> v == request)));
    }

    private static ActingUser user() {
        return new ActingUser("demo", "dr-bennett", null);
    }
}
