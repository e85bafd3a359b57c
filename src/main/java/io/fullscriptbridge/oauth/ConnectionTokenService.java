package io.fullscriptbridge.oauth;

import io.fullscriptbridge.fullscript.AccessTokenProvider;
import io.fullscriptbridge.fullscript.AccessToken;
import io.fullscriptbridge.fullscript.ActingUser;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.fullscriptbridge.fullscript.FullscriptApiException;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The acting user's token, from their stored connection: refreshed ahead of expiry, one refresh per connection at
 * a time across nodes (a lease claimed in a short transaction; no row lock or transaction is held while Fullscript
 * answers), and the rotated pair committed before the new access token is handed to anyone. Fullscript keeps the old refresh token valid until
 * the new access token is first used, so a crash between its answer and our commit loses nothing.
 */
@Service
public class ConnectionTokenService implements AccessTokenProvider {

    private static final Logger log = LoggerFactory.getLogger(ConnectionTokenService.class);

    private final ConnectionRepository connections;
    private final IntegrationUserRepository users;
    private final TokenCipher cipher;
    private final FullscriptOAuthClient oauth;
    private final BridgeUrls urls;
    private final OAuthProperties properties;
    private final AuthorizationNotifier notifier;
    private final Revocations revocations;
    private final TransactionTemplate newTransaction;
    private final MeterRegistry meters;
    private final ConnectionSnapshots snapshots;

    public ConnectionTokenService(ConnectionRepository connections, IntegrationUserRepository users, TokenCipher cipher,
                                  FullscriptOAuthClient oauth, BridgeUrls urls, OAuthProperties properties,
                                  AuthorizationNotifier notifier, Revocations revocations, PlatformTransactionManager transactions,
                                  MeterRegistry meters, ConnectionSnapshots snapshots) {
        this.snapshots = snapshots;
        this.connections = connections;
        this.users = users;
        this.cipher = cipher;
        this.oauth = oauth;
        this.urls = urls;
        this.properties = properties;
        this.notifier = notifier;
        this.revocations = revocations;
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.meters = meters;
    }

    @Override
    public AccessToken tokenFor(ActingUser user) {
        if (user.presetToken() != null) {
            return user.presetToken();
        }
        ConnectionSnapshots.Snapshot snapshot = snapshotOf(user.tenant(), user.ehrUserId());
        if (!snapshot.enabled()) {
            throw new IntegrationDisabledException(user.tenant(), user.ehrUserId());
        }
        ConnectionSnapshots.View connection = connectionOf(user, snapshot);
        if (connection.status() == Connection.Status.REAUTHORIZATION_REQUIRED) {
            throw new NoConnectionException("reauthorization_required", "user " + user.ehrUserId()
                    + " must connect Fullscript again (clinic " + connection.clinicId() + ")");
        }
        if (connection.expiresWithin(properties.getRefreshMargin())) {
            return refresh(connection.id(), null);
        }
        return connection.token();
    }

    @Override
    public Optional<AccessToken> tokenWithoutCall(ActingUser user) {
        if (user.presetToken() != null) {
            return Optional.of(user.presetToken());
        }
        ConnectionSnapshots.Snapshot snapshot = snapshotOf(user.tenant(), user.ehrUserId());
        if (!snapshot.enabled()) {
            return Optional.empty();
        }
        List<ConnectionSnapshots.View> mine = connectionsFor(user, snapshot);
        if (mine.size() != 1 || mine.get(0).status() != Connection.Status.ACTIVE || mine.get(0).expiresWithin(properties.getRefreshMargin())) {
            return Optional.empty();
        }
        return Optional.ofNullable(mine.get(0).token());
    }

    @Override
    public AccessToken refreshAfterRejection(ActingUser user, AccessToken rejected) {
        if (user.presetToken() != null || rejected.connectionId() == null) {
            throw new NoConnectionException("reauthorization_required", "Fullscript rejected a token that cannot be refreshed");
        }
        return refresh(rejected.connectionId(), rejected.value());
    }

    public boolean isEnabled(String tenant, String ehrUserId) {
        return snapshotOf(tenant, ehrUserId).enabled();
    }

    /** The user's switch and connections, from memory for up to bridge.oauth.connection-cache-ttl (D80). */
    private ConnectionSnapshots.Snapshot snapshotOf(String tenant, String ehrUserId) {
        return snapshots.get(tenant, ehrUserId, ignored -> new ConnectionSnapshots.Snapshot(
                users.findById(new IntegrationUser.Key(tenant, ehrUserId)).map(IntegrationUser::isEnabled).orElse(true),
                connections.findByTenantAndEhrUserIdOrderByCreatedAt(tenant, ehrUserId).stream()
                        .map(c -> new ConnectionSnapshots.View(c.getId(), c.getClinicId(), c.getStatus(), c.getExpiresAt(),
                                c.getStatus() == Connection.Status.ACTIVE ? tokenOf(c) : null))
                        .toList()));
    }

    /**
     * Refreshes one connection's tokens, one refresh per connection at a time across nodes, without holding a row
     * lock or a transaction while Fullscript answers (the OAuth call waits for the rate budget and retries like any
     * call): a short transaction claims the refresh with a lease, the call runs, a second short transaction stores
     * the rotated pair. Whoever finds the lease taken waits for its outcome and uses the new token.
     *
     * @param rejected the access token Fullscript refused (force a refresh unless it was already replaced), or null
     *                 for a refresh because of the expiry margin
     */
    AccessToken refresh(String connectionId, String rejected) {
        long giveUpAt = System.nanoTime() + properties.getRefreshLease().toNanos();
        while (true) {
            Claim claim = newTransaction.execute(status -> claim(connectionId, rejected));
            switch (claim.kind()) {
                case DONE:
                    return claim.token();
                case REAUTHORIZE:
                    throw reauthorizationRequired(claim.connection(), false, connectionId);
                case CLAIMED:
                    return refreshClaimed(claim);
                default:
                    if (System.nanoTime() > giveUpAt) {
                        throw new FullscriptApiException.Transient("POST /api/oauth/token", 0, null,
                                List.of("another refresh of this connection is still running"), null);
                    }
                    pause();
            }
        }
    }

    private Claim claim(String connectionId, String rejected) {
        Connection c = connections.lockById(connectionId)
                .orElseThrow(() -> new NoConnectionException("no_connection", "connection " + connectionId + " was revoked"));
        if (c.getStatus() == Connection.Status.REAUTHORIZATION_REQUIRED) {
            return Claim.reauthorize(c);
        }
        String current = c.accessToken(cipher);
        boolean alreadyRefreshed = rejected != null ? !current.equals(rejected) : !c.expiresWithin(properties.getRefreshMargin());
        if (alreadyRefreshed) {
            return Claim.done(new AccessToken(current, c.getClinicId(), c.getId()));
        }
        Instant now = Instant.now();
        if (c.refreshLeasedAt(now)) {
            return Claim.BUSY;
        }
        c.leaseRefresh(now.plus(properties.getRefreshLease()));
        connections.saveAndFlush(c);
        return Claim.claimed(c, c.refreshToken(cipher));
    }

    /** The claim is committed; no lock and no transaction are held from here until the answer is stored. */
    private AccessToken refreshClaimed(Claim claim) {
        Connection claimed = claim.connection();
        TokenGrant grant;
        try {
            grant = oauth.refresh(claim.refreshToken(), urls.redirectUri());
        } catch (InvalidGrantException e) {
            Boolean flagged = newTransaction.execute(status -> connections.lockById(claimed.getId())
                    .filter(c -> c.getRefreshTokenSealed().equals(claimed.getRefreshTokenSealed()))
                    .map(c -> {
                        c.requireReauthorization();
                        c.releaseRefreshLease();
                        connections.saveAndFlush(c);
                        return true;
                    }).orElse(false));
            meters.counter("bridge.oauth.refreshes", "outcome", "invalid_grant").increment();
            log.warn("refresh refused by Fullscript connectionId={} tenant={}: reauthorization required", claimed.getId(), claimed.getTenant());
            throw reauthorizationRequired(claimed, Boolean.TRUE.equals(flagged), claimed.getId());
        } catch (RuntimeException e) {
            releaseLease(claimed);
            throw e;
        }
        AccessToken stored = newTransaction.execute(status -> store(claimed, grant));
        if (stored == null) {
            // revoked while Fullscript answered, or newer tokens stored by a node whose lease outlived ours
            revocations.revokeUnstoredGrant(claimed.getId(), claimed.getTenant(), claimed.getClinicId(), grant);
            return refreshOutcomeAfterLoss(claimed.getId());
        }
        return stored;
    }

    /** Stores the rotated pair if the row still holds the refresh token this refresh used; else null. */
    private AccessToken store(Connection claimed, TokenGrant grant) {
        Connection c = connections.lockById(claimed.getId()).orElse(null);
        if (c == null || !c.getRefreshTokenSealed().equals(claimed.getRefreshTokenSealed())) {
            return null;
        }
        c.refreshed(grant, cipher);
        c.releaseRefreshLease();
        connections.saveAndFlush(c);
        meters.counter("bridge.oauth.refreshes", "outcome", "refreshed").increment();
        log.info("token refreshed connectionId={} expiresAt={}", c.getId(), c.getExpiresAt());
        // committed when the transaction ends: only then is the new access token handed out
        return new AccessToken(grant.accessToken(), c.getClinicId(), c.getId());
    }

    private AccessToken refreshOutcomeAfterLoss(String connectionId) {
        Connection c = connections.findById(connectionId)
                .orElseThrow(() -> new NoConnectionException("no_connection", "connection " + connectionId + " was revoked while its token was refreshed"));
        if (c.getStatus() == Connection.Status.REAUTHORIZATION_REQUIRED) {
            throw reauthorizationRequired(c, false, connectionId);
        }
        return tokenOf(c);
    }

    private void releaseLease(Connection claimed) {
        try {
            newTransaction.executeWithoutResult(status -> connections.lockById(claimed.getId())
                    .filter(c -> c.getRefreshTokenSealed().equals(claimed.getRefreshTokenSealed()))
                    .ifPresent(c -> {
                        c.releaseRefreshLease();
                        connections.saveAndFlush(c);
                    }));
        } catch (RuntimeException e) {
            // the lease expires by itself
            log.warn("refresh lease not released connectionId={}: {}", claimed.getId(), e.getClass().getSimpleName());
        }
    }

    private NoConnectionException reauthorizationRequired(Connection c, boolean newlyFlagged, String connectionId) {
        if (newlyFlagged) {
            notifier.notify(c.getTenant(), c.getEhrUserId(), c.getClinicId(), "reauthorization_required", connectionId);
        }
        return new NoConnectionException("reauthorization_required",
                "user " + c.getEhrUserId() + " must connect Fullscript again (clinic " + c.getClinicId() + ")");
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FullscriptApiException.Transient("POST /api/oauth/token", 0, null,
                    List.of("interrupted while waiting for another refresh of this connection"), e);
        }
    }

    /** The user's connections to the clinic the flow names, or all of them when it names none. */
    private static List<ConnectionSnapshots.View> connectionsFor(ActingUser user, ConnectionSnapshots.Snapshot snapshot) {
        return snapshot.connections().stream()
                .filter(c -> user.clinicId() == null || user.clinicId().equals(c.clinicId()))
                .toList();
    }

    private ConnectionSnapshots.View connectionOf(ActingUser user, ConnectionSnapshots.Snapshot snapshot) {
        List<ConnectionSnapshots.View> mine = connectionsFor(user, snapshot);
        if (mine.isEmpty()) {
            throw new NoConnectionException("no_connection", "user " + user.ehrUserId() + " of tenant " + user.tenant()
                    + " has no Fullscript connection" + (user.clinicId() == null ? "" : " for clinic " + user.clinicId()));
        }
        if (mine.size() > 1) {
            throw new ClinicRequiredException(user.tenant(), user.ehrUserId());
        }
        return mine.get(0);
    }

    private AccessToken tokenOf(Connection c) {
        return new AccessToken(c.accessToken(cipher), c.getClinicId(), c.getId());
    }

    private record Claim(Kind kind, AccessToken token, Connection connection, String refreshToken) {
        enum Kind { DONE, REAUTHORIZE, BUSY, CLAIMED }

        static final Claim BUSY = new Claim(Kind.BUSY, null, null, null);

        static Claim done(AccessToken token) {
            return new Claim(Kind.DONE, token, null, null);
        }

        static Claim reauthorize(Connection c) {
            return new Claim(Kind.REAUTHORIZE, null, c, null);
        }

        static Claim claimed(Connection c, String refreshToken) {
            return new Claim(Kind.CLAIMED, null, c, refreshToken);
        }

        @Override
        public String toString() {
            return "Claim[" + kind + "]";
        }
    }
}
