package io.fullscriptbridge.oauth;

import java.util.List;

import io.fullscriptbridge.config.BridgeProperties;
import io.fullscriptbridge.config.BridgeProperties.DevConnection;
import org.springframework.stereotype.Component;

/**
 * Fixed tokens from {@code bridge.dev-connections}: the local profile and tests act with the simulator's seeded
 * tokens until per-user OAuth connections are built. Picks by tenant and EHR user, then by clinic when the user
 * has several.
 */
@Component
public class DevConnectionTokenProvider implements AccessTokenProvider {

    private final List<DevConnection> connections;

    public DevConnectionTokenProvider(BridgeProperties properties) {
        this.connections = List.copyOf(properties.getDevConnections());
    }

    @Override
    public AccessToken tokenFor(ActingUser user) {
        List<DevConnection> mine = connections.stream()
                .filter(c -> c.getTenant().equals(user.tenant()) && c.getEhrUserId().equals(user.ehrUserId()))
                .filter(c -> user.clinicId() == null || user.clinicId().equals(c.getClinicId()))
                .toList();
        if (mine.isEmpty()) {
            throw new NoConnectionException("no_connection",
                    "user " + user.ehrUserId() + " of tenant " + user.tenant() + " has no Fullscript connection"
                            + (user.clinicId() == null ? "" : " for clinic " + user.clinicId()));
        }
        if (mine.size() > 1) {
            throw new NoConnectionException("clinic_required",
                    "user " + user.ehrUserId() + " is connected to several clinics: set the clinicId header");
        }
        DevConnection c = mine.get(0);
        return new AccessToken(c.getAccessToken(), c.getClinicId(), "dev:" + c.getTenant() + ":" + c.getEhrUserId() + ":" + c.getClinicId());
    }
}
