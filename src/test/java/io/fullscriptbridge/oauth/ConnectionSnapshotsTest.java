package io.fullscriptbridge.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import io.fullscriptbridge.fullscript.ActingUser;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The acting user's connections and switch are kept in memory for bridge.oauth.connection-cache-ttl (D80): a change
 * made on this node counts for the very next message; one made by another node (a write to the shared database this
 * node's JPA never saw) counts once the time to live has passed.
 */
@BridgeIntegrationTest
class ConnectionSnapshotsTest extends OAuthTestSupport {

    @Autowired ConnectionTokenService tokens;
    @Autowired IntegrationSwitch integrationSwitch;
    @Autowired Revocations revocations;
    @Autowired JdbcTemplate jdbc;
    @Autowired OAuthProperties properties;

    @Test
    void theSwitchAndARevokeOnThisNodeCountAtOnce() {
        ActingUser acting = connectedAndCached();
        String user = acting.ehrUserId();

        integrationSwitch.set("demo", user, false, "test");
        assertThatThrownBy(() -> tokens.tokenFor(acting)).isInstanceOf(IntegrationDisabledException.class);
        integrationSwitch.set("demo", user, true, "test");
        assertThat(tokens.tokenFor(acting).clinicId()).isEqualTo(SimulatorSeed.CLINIC_1_ID);

        revocations.revokeUser("demo", user, "test");
        assertThatThrownBy(() -> tokens.tokenFor(acting)).isInstanceOf(NoConnectionException.class)
                .hasMessageContaining("has no Fullscript connection");
    }

    @Test
    void anotherNodesSwitchCountsWithinTheTimeToLive() {
        ActingUser acting = connectedAndCached();
        String user = acting.ehrUserId();

        // another node switches the user off: a row in the shared database, no JPA event here
        jdbc.update("insert into integration_user (tenant, ehr_user_id, enabled, updated_at) values (?, ?, false, ?)",
                "demo", user, Timestamp.from(Instant.now()));
        await().atMost(properties.getConnectionCacheTtl().plus(Duration.ofSeconds(5))).pollInterval(Duration.ofMillis(100))
                .until(() -> disabled(acting));
    }

    /** A newly connected user whose snapshot this node has just read (and so keeps). */
    private ActingUser connectedAndCached() {
        String user = newUser();
        connect(user, SimulatorSeed.PRACTITIONER_1_ID);
        ActingUser acting = new ActingUser("demo", user, null);
        assertThat(tokens.tokenFor(acting).clinicId()).isEqualTo(SimulatorSeed.CLINIC_1_ID);
        return acting;
    }

    private boolean disabled(ActingUser acting) {
        try {
            tokens.tokenFor(acting);
            return false;
        } catch (IntegrationDisabledException e) {
            return true;
        }
    }
}
