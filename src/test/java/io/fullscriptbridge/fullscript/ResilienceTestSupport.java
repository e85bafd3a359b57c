package io.fullscriptbridge.fullscript;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.fullscriptbridge.oauth.AccessToken;
import io.fullscriptbridge.oauth.AccessTokenProvider;
import io.fullscriptbridge.oauth.ActingUser;
import io.fullscriptbridge.oauth.ConnectionTokenService;
import io.fullscriptbridge.oauth.NoConnectionException;
import io.fullscriptbridge.simulator.SimulatorProperties;
import io.fullscriptbridge.simulator.SimulatorSeed;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/** Test-only beans of {@link ResilienceContextTest}'s context. */
@TestConfiguration(proxyBeanMethods = false)
public class ResilienceTestSupport {

    /** Every send time the rate budget logs (picked up by FullscriptResilienceConfiguration). */
    @Bean
    BudgetSends budgetSends() {
        return new BudgetSends();
    }

    @Bean
    SimulatorArrivals simulatorArrivals() {
        return new SimulatorArrivals();
    }

    /** Records when each request reached the simulated API, before the simulator's own filters and fault injection. */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> simulatorArrivalsFilter(SimulatorArrivals arrivals) {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                arrivals.record(request.getMethod() + " " + request.getRequestURI().replaceFirst("^/simulator/fullscript", ""));
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/simulator/fullscript/api/*");
        registration.setName("simulatorArrivalsFilter");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    @Primary
    RefreshingTokenProvider refreshingTokenProvider(ConnectionTokenService devConnections,
                                                    ObjectProvider<FullscriptApi> fullscript, SimulatorProperties simulator) {
        return new RefreshingTokenProvider(devConnections, fullscript, simulator);
    }

    /** The send times the rate budget logged. */
    public static class BudgetSends implements RequestBudget.SendListener {
        private final Queue<Long> sends = new ConcurrentLinkedQueue<>();

        @Override
        public void sent(long nanoTime) {
            sends.add(nanoTime);
        }

        public void clear() {
            sends.clear();
        }

        /** Send times, System.nanoTime, sorted. */
        public List<Long> nanos() {
            return sends.stream().sorted().toList();
        }
    }

    /** Arrival times (System.nanoTime) of requests at the simulated API, by "METHOD /api/path". */
    public static class SimulatorArrivals {
        public record Arrival(String request, long nanos) {
        }

        private final Queue<Arrival> arrivals = new ConcurrentLinkedQueue<>();

        void record(String request) {
            arrivals.add(new Arrival(request, System.nanoTime()));
        }

        public void clear() {
            arrivals.clear();
        }

        /** Arrival times of one request ("GET /api/clinic"), in milliseconds, sorted. */
        public List<Double> millis(String request) {
            return arrivals.stream().filter(a -> a.request().equals(request))
                    .map(a -> a.nanos() / 1_000_000.0).sorted().toList();
        }
    }

    /**
     * The dev connections' seeded tokens, refreshed for real on a 401: a refresh_token grant at the simulator's token
     * endpoint, through the fullscript-api route like the OAuth module's provider will do.
     */
    public static class RefreshingTokenProvider implements AccessTokenProvider {

        private final ConnectionTokenService devConnections;
        private final ObjectProvider<FullscriptApi> fullscript;
        private final SimulatorProperties simulator;
        private final Map<String, String> refreshTokenOf = new ConcurrentHashMap<>();
        private final Map<String, AccessToken> current = new ConcurrentHashMap<>();
        private final AtomicInteger refreshes = new AtomicInteger();
        private volatile boolean refreshFails;
        private volatile Runnable afterRefresh = () -> { };

        RefreshingTokenProvider(ConnectionTokenService devConnections, ObjectProvider<FullscriptApi> fullscript,
                                SimulatorProperties simulator) {
            this.devConnections = devConnections;
            this.fullscript = fullscript;
            this.simulator = simulator;
            reset();
        }

        public void reset() {
            current.clear();
            refreshTokenOf.clear();
            SimulatorSeed.seedTokens().forEach(seed -> refreshTokenOf.put(seed.accessToken(), seed.refreshToken()));
            refreshes.set(0);
            refreshFails = false;
            afterRefresh = () -> { };
        }

        /** Runs once a refresh has its new token (to change the simulator's faults between the two calls). */
        public void afterRefresh(Runnable action) {
            afterRefresh = action;
        }

        /** The next refresh fails as the real provider's does when the grant is gone (the user must reconnect). */
        public void failRefreshes() {
            refreshFails = true;
        }

        public int refreshes() {
            return refreshes.get();
        }

        @Override
        public AccessToken tokenFor(ActingUser user) {
            AccessToken dev = devConnections.tokenFor(user);
            return current.getOrDefault(dev.connectionId(), dev);
        }

        @Override
        public AccessToken refreshAfterRejection(ActingUser user, AccessToken rejected) {
            refreshes.incrementAndGet();
            if (refreshFails) {
                throw new NoConnectionException("reauthorization_required", "refresh refused for " + rejected.connectionId());
            }
            String refreshToken = refreshTokenOf.get(rejected.value());
            JsonNode oauth = fullscript.getObject().call(FullscriptRequest.unauthenticated("POST", "/api/oauth/token", Map.of(
                    "grant_type", "refresh_token",
                    "refresh_token", refreshToken,
                    "client_id", simulator.clientId(),
                    "client_secret", simulator.clientSecret()))).path("oauth");
            AccessToken refreshed = new AccessToken(oauth.path("access_token").asText(), rejected.clinicId(), rejected.connectionId());
            refreshTokenOf.put(refreshed.value(), oauth.path("refresh_token").asText());
            current.put(rejected.connectionId(), refreshed);
            afterRefresh.run();
            return refreshed;
        }
    }
}
