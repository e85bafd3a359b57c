package io.fullscriptbridge.oauth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fullscriptbridge.fullscript.AccessToken;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What the inbound flow reads for every message of a user (is the integration on, which connections, the unsealed
 * access token), kept for {@code bridge.oauth.connection-cache-ttl} (D80). Every JPA write of a {@link Connection} or
 * {@link IntegrationUser} on this node drops the user's snapshot at once and again after its transaction commits
 * ({@link ConnectionChanges}); another node's write is seen within the time to live. Zero turns the cache off.
 */
@Component
public class ConnectionSnapshots {

    /** One EHR user of one tenant. */
    record Key(String tenant, String ehrUserId) {
    }

    /** One connection as the token lookup needs it; {@link #toString()} never shows the token. */
    record View(String id, String clinicId, Connection.Status status, Instant expiresAt, AccessToken token) {

        boolean expiresWithin(Duration margin) {
            return Connection.expiresWithin(expiresAt, margin);
        }
    }

    /** Whether the user's integration is on, and their connections in the order they were made. */
    record Snapshot(boolean enabled, List<View> connections) {
    }

    private final Cache<Key, Snapshot> cache;
    private final boolean enabled;

    public ConnectionSnapshots(OAuthProperties properties) {
        Duration ttl = properties.getConnectionCacheTtl();
        this.enabled = ttl != null && !ttl.isZero() && !ttl.isNegative();
        this.cache = Caffeine.newBuilder().expireAfterWrite(enabled ? ttl : Duration.ofNanos(1)).maximumSize(10_000).build();
    }

    Snapshot get(String tenant, String ehrUserId, Function<Key, Snapshot> load) {
        Key key = new Key(tenant, ehrUserId);
        return enabled ? cache.get(key, load) : load.apply(key);
    }

    /** Drops the user's snapshot now and, inside a transaction, once more after it completes. */
    void changed(String tenant, String ehrUserId) {
        Key key = new Key(tenant, ehrUserId);
        cache.invalidate(key);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    cache.invalidate(key);
                }
            });
        }
    }
}
