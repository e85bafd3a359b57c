package io.fullscriptbridge.oauth;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The acting user's token, from their stored connection: refreshed ahead of expiry, one refresh per connection at
 * a time across nodes (the connection row is locked for update while the refresh runs), and the rotated pair
 * committed before the new access token is handed to anyone. Fullscript keeps the old refresh token valid until
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
    private final TransactionTemplate newTransaction;
    private final MeterRegistry meters;

    public ConnectionTokenService(ConnectionRepository connections, IntegrationUserRepository users, TokenCipher cipher,
                                  FullscriptOAuthClient oauth, BridgeUrls urls, OAuthProperties properties,
                                  AuthorizationNotifier notifier, PlatformTransactionManager transactions, MeterRegistry meters) {
        this.connections = connections;
        this.users = users;
        this.cipher = cipher;
        this.oauth = oauth;
        this.urls = urls;
        this.properties = properties;
        this.notifier = notifier;
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.meters = meters;
    }

    @Override
    public AccessToken tokenFor(ActingUser user) {
        if (user.presetToken() != null) {
            return user.presetToken();
        }
        if (!isEnabled(user.tenant(), user.ehrUserId())) {
            throw new IntegrationDisabledException(user.tenant(), user.ehrUserId());
        }
        Connection connection = connectionOf(user);
        if (connection.getStatus() == Connection.Status.REAUTHORIZATION_REQUIRED) {
            throw new NoConnectionException("reauthorization_required", "user " + user.ehrUserId()
                    + " must connect Fullscript again (clinic " + connection.getClinicId() + ")");
        }
        if (connection.expiresWithin(properties.getRefreshMargin())) {
            return refresh(connection.getId(), null);
        }
        return tokenOf(connection);
    }

    @Override
    public AccessToken refreshAfterRejection(ActingUser user, AccessToken rejected) {
        if (user.presetToken() != null || rejected.connectionId() == null) {
            throw new NoConnectionException("reauthorization_required", "Fullscript rejected a token that cannot be refreshed");
        }
        return refresh(rejected.connectionId(), rejected.value());
    }

    public boolean isEnabled(String tenant, String ehrUserId) {
        return users.findById(new IntegrationUser.Key(tenant, ehrUserId)).map(IntegrationUser::isEnabled).orElse(true);
    }

    /**
     * Refreshes under a row lock. Whoever waited for the lock finds the work done and uses the new token.
     *
     * @param rejected the access token Fullscript refused (force a refresh unless it was already replaced), or null
     *                 for a refresh because of the expiry margin
     */
    AccessToken refresh(String connectionId, String rejected) {
        RefreshOutcome outcome = newTransaction.execute(status -> {
            Connection c = connections.lockById(connectionId)
                    .orElseThrow(() -> new NoConnectionException("no_connection", "connection " + connectionId + " was revoked"));
            if (c.getStatus() == Connection.Status.REAUTHORIZATION_REQUIRED) {
                return RefreshOutcome.reauthorize(c, false);
            }
            String current = c.accessToken(cipher);
            boolean alreadyRefreshed = rejected != null ? !current.equals(rejected) : !c.expiresWithin(properties.getRefreshMargin());
            if (alreadyRefreshed) {
                return RefreshOutcome.ok(new AccessToken(current, c.getClinicId(), c.getId()));
            }
            TokenGrant grant;
            try {
                grant = oauth.refresh(c.refreshToken(cipher), urls.redirectUri());
            } catch (InvalidGrantException e) {
                c.requireReauthorization();
                meters.counter("bridge.oauth.refreshes", "outcome", "invalid_grant").increment();
                log.warn("refresh refused by Fullscript connectionId={} tenant={}: reauthorization required", c.getId(), c.getTenant());
                return RefreshOutcome.reauthorize(c, true);
            }
            c.refreshed(grant, cipher);
            connections.saveAndFlush(c);
            meters.counter("bridge.oauth.refreshes", "outcome", "refreshed").increment();
            log.info("token refreshed connectionId={} expiresAt={}", c.getId(), c.getExpiresAt());
            return RefreshOutcome.ok(new AccessToken(grant.accessToken(), c.getClinicId(), c.getId()));
        });
        // committed: only now is the new access token handed out
        if (outcome.token() != null) {
            return outcome.token();
        }
        if (outcome.newlyFlagged()) {
            notifier.notify(outcome.tenant(), outcome.ehrUserId(), outcome.clinicId(), "reauthorization_required", connectionId);
        }
        throw new NoConnectionException("reauthorization_required",
                "user " + outcome.ehrUserId() + " must connect Fullscript again (clinic " + outcome.clinicId() + ")");
    }

    private Connection connectionOf(ActingUser user) {
        List<Connection> mine = connections.findByTenantAndEhrUserIdOrderByCreatedAt(user.tenant(), user.ehrUserId()).stream()
                .filter(c -> user.clinicId() == null || user.clinicId().equals(c.getClinicId()))
                .toList();
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

    private record RefreshOutcome(AccessToken token, boolean newlyFlagged, String tenant, String ehrUserId, String clinicId) {
        static RefreshOutcome ok(AccessToken token) {
            return new RefreshOutcome(token, false, null, null, null);
        }

        static RefreshOutcome reauthorize(Connection c, boolean newlyFlagged) {
            return new RefreshOutcome(null, newlyFlagged, c.getTenant(), c.getEhrUserId(), c.getClinicId());
        }
    }
}
