package io.fullscriptbridge.routes;

import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.time.Duration;

import io.fullscriptbridge.oauth.RevocationQueue;
import io.fullscriptbridge.oauth.Revocations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routes/fullscript-revocations.camel.yaml on its own: sealed tokens submitted through RevocationQueue wait on
 * fullscript.revocations and are revoked at Fullscript by its consumer. Run alone:
 * {@code mvn -q test -Dtest=FullscriptRevocationsRouteTest}.
 */
class FullscriptRevocationsRouteTest {

    private final Revocations revocations = mock(Revocations.class);
    private RouteHarness routes;

    @BeforeEach
    void start() throws Exception {
        routes = RouteHarness.of("fullscript-revocations.camel.yaml").bind("revocations", revocations).start();
    }

    @AfterEach
    void stop() {
        routes.close();
    }

    @Test
    void queuedTokensAreRevokedByTheConsumer() throws Exception {
        routes.entry(RevocationQueue.class).submit("{\"connectionId\":\"c-1\"}", "c-1");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> verify(revocations).revokeRemotely("{\"connectionId\":\"c-1\"}"));
    }
}
