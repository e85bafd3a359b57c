package io.fullscriptbridge.oauth;

import static io.fullscriptbridge.common.Text.blankToNull;

import io.fullscriptbridge.fullscript.AccessToken;
import io.fullscriptbridge.fullscript.ActingUser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import io.fullscriptbridge.config.FullscriptProperties;
import io.fullscriptbridge.fullscript.FullscriptApi;
import io.fullscriptbridge.fullscript.FullscriptEnvironment;
import io.fullscriptbridge.fullscript.FullscriptRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * "Connect my Fullscript account": a verified launch link becomes a single-use state and a redirect to Fullscript's
 * authorize page; the callback exchanges the code, asks Fullscript which clinic the token acts in, stores the
 * connection (tokens sealed) and replays the user's parked messages.
 */
@Service
public class ConnectFlow {

    private static final Logger log = LoggerFactory.getLogger(ConnectFlow.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The flow could not finish; {@code reason} is the metric tag, the message is safe to show. */
    public static class ConnectFailedException extends RuntimeException {
        private final String reason;

        public ConnectFailedException(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /**
     * @param missingScopes required scopes the token answer did not list (empty when it listed none at all)
     * @param continuation  what the browser goes on to (a recommend link that needed a connection first), else null
     */
    public record Connected(Connection connection, String returnUrl, int replayed, java.util.List<String> missingScopes,
                            Continuation continuation) {
    }

    private final OAuthStateRepository states;
    private final ConnectionRepository connections;
    private final FullscriptOAuthClient oauth;
    private final FullscriptApi fullscript;
    private final FullscriptEnvironment environment;
    private final FullscriptProperties fullscriptProperties;
    private final OAuthProperties properties;
    private final BridgeUrls urls;
    private final TokenCipher cipher;
    private final ParkingLot parkingLot;
    private final Revocations revocations;
    private final Clock clock;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public ConnectFlow(OAuthStateRepository states, ConnectionRepository connections, FullscriptOAuthClient oauth,
                       FullscriptApi fullscript, FullscriptEnvironment environment, FullscriptProperties fullscriptProperties,
                       OAuthProperties properties, BridgeUrls urls, TokenCipher cipher, ParkingLot parkingLot,
                       Revocations revocations, Clock clock, com.fasterxml.jackson.databind.ObjectMapper json) {
        this.states = states;
        this.connections = connections;
        this.oauth = oauth;
        this.fullscript = fullscript;
        this.environment = environment;
        this.fullscriptProperties = fullscriptProperties;
        this.properties = properties;
        this.urls = urls;
        this.cipher = cipher;
        this.parkingLot = parkingLot;
        this.revocations = revocations;
        this.clock = clock;
        this.json = json;
    }

    /**
     * @param browserValue the random value in the starting browser's cookie (BrowserBinding); its hash is stored
     * @return Fullscript's authorize URL for this user, with a fresh single-use state
     */
    @Transactional
    public String start(LaunchLinks.Launch launch, String browserValue) {
        return start(launch, browserValue, null);
    }

    /**
     * The same, for a launch that continues after the callback (a recommend link without a usable connection): the
     * continuation is sealed into the state row and comes back from there, never from the callback's query.
     */
    @Transactional
    public String start(LaunchLinks.Launch launch, String browserValue, Continuation continuation) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = Instant.now(clock);
        OAuthState row = new OAuthState(state, launch.tenant(), launch.ehrUserId(), blankToNull(launch.returnUrl()),
                now, now.plus(properties.getStateTtl()), BrowserBinding.hash(browserValue));
        if (continuation != null) {
            try {
                row.continuingWith(cipher.seal(json.writeValueAsString(continuation), OAuthState.continuationContext(state)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("continuation not serializable", e);
            }
        }
        states.save(row);
        return environment.authorizeUrl()
                + "?client_id=" + enc(fullscriptProperties.getClientId())
                + "&redirect_uri=" + enc(urls.redirectUri())
                + "&response_type=code"
                + "&state=" + enc(state);
    }

    /**
     * The callback: checks the browser and consumes the state first, so a replayed callback, or one opened in
     * another browser, can never store anything. Parked messages replay only once the connection is stored.
     */
    public Connected complete(String stateValue, String code, String error, String browserValue) {
        OAuthState state = consume(stateValue, browserValue);
        if (error != null && !error.isBlank()) {
            throw new ConnectFailedException("denied".equals(error) || "access_denied".equals(error) ? "access_denied" : "authorize_error",
                    "Fullscript did not authorize the connection (" + error + ")");
        }
        if (code == null || code.isBlank()) {
            throw new ConnectFailedException("no_code", "Fullscript's answer carried no authorization code");
        }
        TokenGrant grant;
        try {
            grant = oauth.exchangeCode(code, urls.redirectUri());
        } catch (InvalidGrantException e) {
            throw new ConnectFailedException("code_refused", "Fullscript refused the authorization code; please connect again");
        } catch (RuntimeException e) {
            log.warn("code exchange failed tenant={} error={}", state.getTenant(), e.getClass().getSimpleName());
            throw new ConnectFailedException("exchange_failed", "Fullscript could not be reached to finish the connection; please try again");
        }
        AccessToken fresh = new AccessToken(grant.accessToken(), null, null);
        JsonNode clinic;
        try {
            clinic = fullscript.clinic(ActingUser.withToken(state.getTenant(), state.getEhrUserId(), fresh));
        } catch (RuntimeException e) {
            log.warn("clinic lookup failed after code exchange tenant={} error={}", state.getTenant(), e.getClass().getSimpleName());
            throw new ConnectFailedException("clinic_lookup_failed", "Fullscript could not tell which clinic the account belongs to; please try again");
        }
        String clinicId = clinic.path("id").asText(null);
        if (clinicId == null) {
            throw new ConnectFailedException("clinic_lookup_failed", "Fullscript's clinic answer had no id");
        }
        Connection connection = store(state, clinicId, grant);
        connection.named(clinic.path("name").asText(null));
        connection = connections.save(connection);
        labelInFullscript(state, fresh, grant);
        int replayed = parkingLot.replay(state.getTenant(), state.getEhrUserId());
        log.info("connected connectionId={} tenant={} clinicId={} ownerType={} replayed={}",
                connection.getId(), connection.getTenant(), clinicId, grant.resourceOwnerType(), replayed);
        java.util.List<String> missing = missingScopes(grant.scope(), properties.getRequiredScopes());
        if (!missing.isEmpty()) {
            log.warn("connected without required scopes connectionId={} tenant={} missingScopes={}", connection.getId(), connection.getTenant(), missing);
        }
        return new Connected(connection, state.getReturnUrl(), replayed, missing, continuationOf(state));
    }

    /**
     * Required scopes the token answer's {@code scope} lacks (space- or comma-separated: UNCONFIRMED which). Empty
     * when the answer names no scope at all: unknown is not reported as missing.
     */
    public static java.util.List<String> missingScopes(String granted, java.util.List<String> required) {
        if (granted == null || granted.isBlank()) {
            return java.util.List.of();
        }
        java.util.Set<String> have = new java.util.HashSet<>(java.util.Arrays.asList(granted.strip().split("[\\s,]+")));
        return required.stream().filter(s -> !have.contains(s)).toList();
    }

    /**
     * Cross-indexes the practitioner or staff member too: our EHR user id goes into their Fullscript metadata, when
     * the token may write it (clinic:write). Best effort: a refusal is logged, the connection stands.
     */
    private void labelInFullscript(OAuthState state, AccessToken token, TokenGrant grant) {
        if (grant.scope() == null || !grant.scope().contains("clinic:write") || grant.resourceOwnerId() == null) {
            return;
        }
        String kind = "Staff".equalsIgnoreCase(grant.resourceOwnerType()) ? "staff" : "practitioners";
        try {
            fullscript.call(FullscriptRequest.send(ActingUser.withToken(state.getTenant(), state.getEhrUserId(), token), "PATCH",
                    "/api/clinic/" + kind + "/{id}", "/api/clinic/" + kind + "/" + grant.resourceOwnerId(),
                    java.util.Map.of("metadata", java.util.Map.of("id", state.getEhrUserId()))));
        } catch (RuntimeException e) {
            log.warn("could not store the EHR user id in Fullscript's {} metadata resourceOwnerId={} error={}", kind,
                    grant.resourceOwnerId(), e.getClass().getSimpleName());
        }
    }

    Connection store(OAuthState state, String clinicId, TokenGrant grant) {
        Connection connection = connections.findByTenantAndEhrUserIdAndClinicId(state.getTenant(), state.getEhrUserId(), clinicId)
                .orElseGet(() -> new Connection(state.getTenant(), state.getEhrUserId(), clinicId));
        if (connection.getAccessTokenSealed() != null && replacesOtherTokens(connection, grant)) {
            revocations.revokeReplacedTokens(connection);
        }
        connection.storeTokens(grant, cipher);
        return connections.save(connection);
    }

    /** An authorization server may hand out the same token again (token reuse): never revoke what we keep. */
    private boolean replacesOtherTokens(Connection existing, TokenGrant grant) {
        try {
            return !existing.accessToken(cipher).equals(grant.accessToken())
                    && !existing.refreshToken(cipher).equals(grant.refreshToken());
        } catch (IllegalStateException unreadable) {
            // sealed under a key we no longer hold: nothing we could send to Fullscript
            log.warn("replaced tokens unreadable, not revoked connectionId={}", existing.getId());
            return false;
        }
    }

    private OAuthState consume(String stateValue, String browserValue) {
        if (stateValue == null || stateValue.isBlank()) {
            throw new ConnectFailedException("no_state", "the answer from Fullscript carried no state; start again from the EHR");
        }
        OAuthState state = states.findById(stateValue)
                .orElseThrow(() -> new ConnectFailedException("unknown_state", "this connection attempt is unknown; start again from the EHR"));
        if (!BrowserBinding.matches(state.getBrowserHash(), browserValue)) {
            // not marked used: the browser that started the flow can still finish it
            throw new ConnectFailedException("other_browser", "this connection was started in another browser. "
                    + "Open the link from your EHR in the browser you use to sign in to Fullscript, and connect from there.");
        }
        if (state.getExpiresAt().isBefore(Instant.now(clock))) {
            throw new ConnectFailedException("expired_state", "this connection attempt has expired; start again from the EHR");
        }
        if (states.markUsed(stateValue, Instant.now(clock)) == 0) {
            throw new ConnectFailedException("reused_state", "this connection attempt was already used; start again from the EHR");
        }
        return state;
    }

    private Continuation continuationOf(OAuthState state) {
        if (state.getContinuationSealed() == null) {
            return null;
        }
        try {
            return json.readValue(cipher.open(state.getContinuationSealed(), OAuthState.continuationContext(state.getState())), Continuation.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("unreadable continuation of an OAuth state", e);
        }
    }


    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
