package io.fullscriptbridge.oauth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The per-user toggle: off keeps the user's connections but answers their messages with integration.disabled.
 * Turning it back on replays nothing (nothing was parked) and needs no new authorization.
 */
@Service
public class IntegrationSwitch {

    private static final Logger log = LoggerFactory.getLogger(IntegrationSwitch.class);

    private final IntegrationUserRepository users;

    public IntegrationSwitch(IntegrationUserRepository users) {
        this.users = users;
    }

    @Transactional
    public boolean set(String tenant, String ehrUserId, boolean enabled, String actor) {
        IntegrationUser user = users.findById(new IntegrationUser.Key(tenant, ehrUserId))
                .orElseGet(() -> new IntegrationUser(tenant, ehrUserId, enabled));
        user.setEnabled(enabled);
        users.save(user);
        log.info("integration {} tenant={} ehrUserId={} actor={}", enabled ? "enabled" : "disabled", tenant, ehrUserId, actor);
        return enabled;
    }
}
