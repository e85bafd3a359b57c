package io.fullscriptbridge.oauth;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Revoking authorizations: a user's own, an admin's for one user (an employee leaving), or all of them.
 * The local tokens are deleted at once, whatever Fullscript's state; the remote revoke waits durably on
 * fullscript.revocations (tokens sealed) and is retried by the broker until Fullscript confirms.
 */
@Service
public class Revocations {

    private static final Logger log = LoggerFactory.getLogger(Revocations.class);

    /** The queue message: sealed tokens, never clear ones. */
    public record PendingRevocation(String connectionId, String tenant, String clinicId, List<String> sealedTokens) {
    }

    private final ConnectionRepository connections;
    private final RevocationQueue queue;
    private final ObjectMapper mapper;
    private final FullscriptOAuthClient oauth;
    private final TokenCipher cipher;
    private final MeterRegistry meters;

    public Revocations(ConnectionRepository connections, RevocationQueue queue, ObjectMapper mapper,
                       FullscriptOAuthClient oauth, TokenCipher cipher, MeterRegistry meters) {
        this.connections = connections;
        this.queue = queue;
        this.mapper = mapper;
        this.oauth = oauth;
        this.cipher = cipher;
        this.meters = meters;
    }

    /** @return whether the connection existed */
    @Transactional
    public boolean revokeConnection(String connectionId, String actor) {
        return connections.findById(connectionId).map(c -> revoke(c, actor)).orElse(false);
    }

    /** @return how many connections the user had */
    @Transactional
    public int revokeUser(String tenant, String ehrUserId, String actor) {
        List<Connection> all = connections.findByTenantAndEhrUserIdOrderByCreatedAt(tenant, ehrUserId);
        all.forEach(c -> revoke(c, actor));
        return all.size();
    }

    /** The master switch: every connection of every tenant. @return how many */
    @Transactional
    public int revokeAll(String actor) {
        List<Connection> all = connections.findAll();
        all.forEach(c -> revoke(c, actor));
        return all.size();
    }

    private boolean revoke(Connection c, String actor) {
        // queued before the local delete: if the delete fails, the tokens still die at Fullscript
        queueRemote(c);
        connections.delete(c);
        meters.counter("bridge.oauth.revocations", "actor", actor).increment();
        log.info("connection revoked connectionId={} tenant={} clinicId={} actor={}", c.getId(), c.getTenant(), c.getClinicId(), actor);
        return true;
    }

    /**
     * The user connected again and new tokens replace these: they are revoked at Fullscript (durably, like any
     * revocation) so no forgotten grant stays alive. Queued before the new tokens are stored: should storing fail,
     * the old tokens are dead anyway and the user is asked to connect again, never left with a live stray grant.
     */
    public void revokeReplacedTokens(Connection c) {
        queueRemote(c);
        meters.counter("bridge.oauth.revocations", "actor", "reconnect").increment();
        log.info("replaced tokens queued for revocation connectionId={} tenant={} clinicId={}", c.getId(), c.getTenant(), c.getClinicId());
    }

    /**
     * A refresh answered after its connection was revoked (or after another node stored newer tokens): the grant it
     * got is stored nowhere, so it is revoked at Fullscript like any other, never left alive.
     */
    public void revokeUnstoredGrant(String connectionId, String tenant, String clinicId, TokenGrant grant) {
        PendingRevocation pending = new PendingRevocation(connectionId, tenant, clinicId,
                List.of(cipher.seal(grant.refreshToken(), Connection.refreshContext(connectionId)),
                        cipher.seal(grant.accessToken(), Connection.accessContext(connectionId))));
        submit(pending, connectionId);
        meters.counter("bridge.oauth.revocations", "actor", "unstored_refresh").increment();
        log.info("tokens of a refresh that could not be stored queued for revocation connectionId={} tenant={}", connectionId, tenant);
    }

    private void queueRemote(Connection c) {
        submit(new PendingRevocation(c.getId(), c.getTenant(), c.getClinicId(),
                List.of(c.getRefreshTokenSealed(), c.getAccessTokenSealed())), c.getId());
    }

    private void submit(PendingRevocation pending, String connectionId) {
        try {
            queue.submit(mapper.writeValueAsString(pending), connectionId);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Consumer of fullscript.revocations: revokes each token at Fullscript; a failure rolls back for redelivery. */
    public void revokeRemotely(String body) throws JsonProcessingException {
        PendingRevocation pending = mapper.readValue(body, PendingRevocation.class);
        // [refresh, access], each sealed for its connection row and column (v1 values from before open as they are)
        List<String> tokens = new ArrayList<>(pending.sealedTokens());
        for (int i = 0; i < tokens.size(); i++) {
            String context = i == 0 ? Connection.refreshContext(pending.connectionId()) : Connection.accessContext(pending.connectionId());
            oauth.revoke(cipher.open(tokens.get(i), context));
        }
        meters.counter("bridge.oauth.remote_revocations").increment();
        log.info("tokens revoked at Fullscript connectionId={}", pending.connectionId());
    }
}
