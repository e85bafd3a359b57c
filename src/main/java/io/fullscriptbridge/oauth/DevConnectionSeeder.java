package io.fullscriptbridge.oauth;

import java.time.Duration;
import java.time.Instant;

import io.fullscriptbridge.config.BridgeProperties;
import jakarta.annotation.PostConstruct;
import io.fullscriptbridge.config.BridgeProperties.DevConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Stores {@code bridge.dev-connections} as ordinary connections at start-up (the simulator's seeded, long-lived
 * tokens), so `mvn spring-boot:run` can process a message at once. Only with the simulator on, and never in prod.
 */
@Component
public class DevConnectionSeeder {

    private static final Logger log = LoggerFactory.getLogger(DevConnectionSeeder.class);
    /** The simulator's seeded tokens live for years; mirror that so the bridge does not try to refresh them. */
    private static final Duration SEEDED_LIFETIME = Duration.ofDays(3650);

    private final BridgeProperties properties;
    private final ConnectionRepository connections;
    private final TokenCipher cipher;
    private final Environment environment;

    public DevConnectionSeeder(BridgeProperties properties, ConnectionRepository connections, TokenCipher cipher, Environment environment) {
        this.properties = properties;
        this.connections = connections;
        this.cipher = cipher;
        this.environment = environment;
    }

    /**
     * The simulator went back to its seed state (its tokens too): the dev connections take the seeded tokens again,
     * whatever refresh rotated them to meanwhile (the simulator forgot those).
     */
    @EventListener(io.fullscriptbridge.simulator.SimulatorReset.Done.class)
    public void simulatorReset() {
        seed();
    }

    /** Before Camel starts its consumers: the first message must find the connections. */
    @PostConstruct
    public void seed() {
        if (properties.getDevConnections().isEmpty()) {
            return;
        }
        if (environment.acceptsProfiles(Profiles.of("prod")) || !environment.getProperty("bridge.simulator.enabled", Boolean.class, false)) {
            throw new IllegalStateException("bridge.dev-connections is for the simulator only (local and test profiles)");
        }
        for (DevConnection d : properties.getDevConnections()) {
            Connection c = connections.findByTenantAndEhrUserIdAndClinicId(d.getTenant(), d.getEhrUserId(), d.getClinicId())
                    .orElseGet(() -> new Connection(d.getTenant(), d.getEhrUserId(), d.getClinicId()));
            TokenGrant grant = new TokenGrant(d.getAccessToken(), d.getRefreshToken(), null, Instant.now(), SEEDED_LIFETIME.toSeconds(),
                    d.getResourceOwnerId(), d.getResourceOwnerType());
            c.storeTokens(grant, cipher);
            connections.save(c);
        }
        log.info("seeded {} simulator connections", properties.getDevConnections().size());
    }
}
