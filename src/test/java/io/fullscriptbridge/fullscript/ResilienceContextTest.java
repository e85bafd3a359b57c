package io.fullscriptbridge.fullscript;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.fullscriptbridge.BridgeApplication;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole bridge against the simulator, with the fullscript-api route's resilience tuned for tests: retries on
 * (the shared test context leaves them to the broker) with short delays, a small rate budget (5 requests per
 * 200 ms), a circuit breaker that opens after 10 calls and stays open 1 s, a 1 s response timeout. Everything else,
 * the token provider included, is production code. All classes with this annotation share one context,
 * separate from {@link io.fullscriptbridge.support.BridgeIntegrationTest}'s (own name, broker port and database).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camel.main.name=bridge-resilience-test",
        "bridge.fullscript.retry.max-attempts=3",
        "bridge.fullscript.retry.initial-delay=50ms",
        "bridge.fullscript.retry.multiplier=2",
        "bridge.fullscript.retry.max-delay=1500ms",
        "bridge.fullscript.rate-budget.requests=" + ResilienceContextTest.BUDGET_REQUESTS,
        "bridge.fullscript.rate-budget.window=" + ResilienceContextTest.BUDGET_WINDOW_MS + "ms",
        "bridge.fullscript.circuit-breaker.failure-rate-threshold=50",
        "bridge.fullscript.circuit-breaker.sliding-window-size=20",
        "bridge.fullscript.circuit-breaker.minimum-number-of-calls=10",
        "bridge.fullscript.circuit-breaker.wait-duration-in-open-state=1s",
        "bridge.fullscript.circuit-breaker.permitted-calls-in-half-open-state=2",
        "camel.component.http.response-timeout=" + ResilienceContextTest.RESPONSE_TIMEOUT_MS,
        "camel.component.http.so-timeout=" + ResilienceContextTest.RESPONSE_TIMEOUT_MS,
})
@ActiveProfiles("test")
@CamelSpringBootTest
public @interface ResilienceContextTest {
    int BUDGET_REQUESTS = 5;
    long BUDGET_WINDOW_MS = 200;
    long RESPONSE_TIMEOUT_MS = 1000;
}
