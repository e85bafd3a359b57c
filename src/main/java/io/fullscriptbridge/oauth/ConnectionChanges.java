package io.fullscriptbridge.oauth;

import jakarta.persistence.PostPersist;
import jakarta.persistence.PostRemove;
import jakarta.persistence.PostUpdate;
import org.springframework.stereotype.Component;

/**
 * JPA's callback for every write of a {@link Connection} or an {@link IntegrationUser}: the user's cached snapshot
 * goes (connect, refresh, reauthorization, revoke, the per-user toggle, re-sealing), whichever code wrote it.
 * Hibernate gets this listener from Spring's bean container.
 */
@Component
public class ConnectionChanges {

    private final ConnectionSnapshots snapshots;

    public ConnectionChanges(ConnectionSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    @PostPersist
    @PostUpdate
    @PostRemove
    void written(Object entity) {
        if (entity instanceof Connection c) {
            snapshots.changed(c.getTenant(), c.getEhrUserId());
        } else if (entity instanceof IntegrationUser u) {
            snapshots.changed(u.getTenant(), u.getEhrUserId());
        }
    }
}
