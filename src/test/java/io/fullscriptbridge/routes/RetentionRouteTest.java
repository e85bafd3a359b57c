package io.fullscriptbridge.routes;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import io.fullscriptbridge.ops.Retention;
import org.junit.jupiter.api.Test;

/**
 * routes/retention.camel.yaml on its own: the daily Quartz trigger (a direct: here) prunes everything once. Run alone:
 * {@code mvn -q test -Dtest=RetentionRouteTest}.
 */
class RetentionRouteTest {

    @Test
    void theRetentionTriggerPrunesEverything() throws Exception {
        Retention retention = mock(Retention.class);
        try (RouteHarness routes = RouteHarness.of("retention.camel.yaml")
                .bind("retention", retention)
                .advice("retention", a -> a.replaceFromWith("direct:retention"))
                .start()) {
            routes.camel.createProducerTemplate().sendBody("direct:retention", "");
            verify(retention).pruneAll();
        }
    }
}
