package io.fullscriptbridge.fullscript;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.config.FullscriptProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * The acting user's token is looked up once per flow (one message's several Fullscript calls), not once per call;
 * after a 401 the refreshed token serves the calls that follow. Another flow looks it up again.
 */
class TokenOncePerFlowTest {

    private final List<String> lookups = new ArrayList<>();
    private final AccessTokenProvider provider = new AccessTokenProvider() {
        @Override
        public AccessToken tokenFor(ActingUser user) {
            lookups.add("lookup");
            return new AccessToken("token-" + lookups.size(), "clinic-1", "connection-1");
        }

        @Override
        public java.util.Optional<AccessToken> tokenWithoutCall(ActingUser user) {
            return java.util.Optional.empty();
        }

        @Override
        public AccessToken refreshAfterRejection(ActingUser user, AccessToken rejected) {
            lookups.add("refresh");
            return new AccessToken("refreshed-" + lookups.size(), "clinic-1", "connection-1");
        }
    };
    private final FullscriptCall call = new FullscriptCall(provider, environment(), new ObjectMapper(), new SimpleMeterRegistry(),
            new RequestBudget(100, Duration.ofMinutes(5)));
    private final DefaultCamelContext camel = new DefaultCamelContext();

    @Test
    void threeCallsOfOneFlowLookTheTokenUpOnce() throws Exception {
        ActingUser flow = new ActingUser("demo", "dr-bennett", null);

        List<String> sent = List.of(bearerOf(flow), bearerOf(flow), bearerOf(flow));

        assertThat(lookups).containsExactly("lookup");
        assertThat(sent).containsOnly("Bearer token-1");
    }

    @Test
    void afterARefreshTheFlowsLaterCallsUseTheNewToken() throws Exception {
        ActingUser flow = new ActingUser("demo", "dr-bennett", null);
        bearerOf(flow);

        Exchange rejectedOnce = exchangeFor(flow);
        call.prepare(rejectedOnce);
        rejectedOnce.setProperty(FullscriptCall.REFRESH_TOKEN, true);
        call.prepare(rejectedOnce);
        String next = bearerOf(flow);

        assertThat(lookups).containsExactly("lookup", "refresh");
        assertThat(next).isEqualTo("Bearer refreshed-2");
    }

    @Test
    void anotherFlowLooksItUpAgain() throws Exception {
        bearerOf(new ActingUser("demo", "dr-bennett", null));
        bearerOf(new ActingUser("demo", "dr-bennett", null));

        assertThat(lookups).containsExactly("lookup", "lookup");
    }

    private String bearerOf(ActingUser user) throws Exception {
        Exchange exchange = exchangeFor(user);
        call.prepare(exchange);
        return exchange.getMessage().getHeader("Authorization", String.class);
    }

    private Exchange exchangeFor(ActingUser user) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(FullscriptCall.REQUEST, FullscriptRequest.get(user, "GET /api/clinic", "/api/clinic", Map.of()));
        return exchange;
    }

    private static FullscriptEnvironment environment() {
        FullscriptProperties properties = new FullscriptProperties();
        properties.setApiBaseUrl("http://127.0.0.1:1/api");
        return new FullscriptEnvironment(properties, new MockEnvironment());
    }
}
