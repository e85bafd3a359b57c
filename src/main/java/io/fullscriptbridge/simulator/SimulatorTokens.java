package io.fullscriptbridge.simulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * OAuth state: authorization codes and token grants, with Fullscript's refresh-token rotation.
 *
 * <p>A <em>grant</em> is what one authorization (one code exchange, or one seeded pair) starts; every refresh adds a
 * token pair to it. Rules, from Fullscript's "Refresh access token" page:
 * <ul>
 *   <li>Refreshing returns a new access token and a new refresh token; every older access token of the grant is
 *       revoked at that moment, so a grant has at most one live access token: the newest.</li>
 *   <li>"The refresh_token you used ... will not expire until you use the newly obtained access_token": a refresh
 *       token keeps working (each use issues another fresh pair) until the first API call made with an access
 *       token of its grant issued after it. From that call on only the newest refresh token of the grant works;
 *       older ones get {@code invalid_grant}.</li>
 *   <li>Refresh tokens do not expire. Revoking any access or refresh token revokes the whole grant.</li>
 * </ul>
 * Thread-safe: all state is guarded by this object's monitor. Tokens are never logged.
 */
@Component
@ConditionalOnSimulatorEnabled
public class SimulatorTokens {

    private static final Logger log = LoggerFactory.getLogger(SimulatorTokens.class);

    public static final String SCOPE = "catalog:read clinic:read clinic:write patients:read patients:write "
            + "patients:treatment_plan_history patients:order_history";
    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);

    /** A freshly issued token pair, as the token endpoint returns it. */
    public record IssuedToken(String accessToken, String refreshToken, Instant createdAt, long expiresIn,
                              String resourceOwnerId, String resourceOwnerType, String scope) {
    }

    /** Why a bearer token was refused (RFC 6750 {@code invalid_token} descriptions). */
    public enum Rejection {
        INVALID("The access token is invalid"),
        REVOKED("The access token was revoked"),
        EXPIRED("The access token expired");

        private final String description;

        Rejection(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** Result of checking a bearer token: either a caller (with its grant's scope) or a rejection. */
    public record Authentication(ApiCaller caller, Rejection rejection, String scope) {
        public Authentication(ApiCaller caller, Rejection rejection) {
            this(caller, rejection, null);
        }

        public boolean ok() {
            return caller != null;
        }

        /** Whether the grant carries {@code needed} (space-separated scope string). */
        public boolean hasScope(String needed) {
            return scope != null && java.util.Arrays.asList(scope.split(" ")).contains(needed);
        }
    }

    private record AuthCode(String clientId, String redirectUri, String membershipId, Instant expiresAt) {
    }

    private static final class Grant {
        final String clientId;
        final SimUser owner;
        /** The app's scopes when the user authorized: a grant keeps them (refreshes too), whatever the app gets later. */
        final String scope;
        final List<TokenPair> pairs = new ArrayList<>();
        boolean revoked;

        Grant(String clientId, SimUser owner, String scope) {
            this.clientId = clientId;
            this.owner = owner;
            this.scope = scope;
        }
    }

    private static final class TokenPair {
        final Grant grant;
        final String accessToken;
        final String refreshToken;
        final Instant createdAt;
        final long expiresIn;
        Instant expiresAt;
        boolean accessRevoked;
        boolean accessUsed;
        boolean refreshSuperseded;

        TokenPair(Grant grant, String accessToken, String refreshToken, Instant createdAt, long expiresIn) {
            this.grant = grant;
            this.accessToken = accessToken;
            this.refreshToken = refreshToken;
            this.createdAt = createdAt;
            this.expiresIn = expiresIn;
            this.expiresAt = createdAt.plusSeconds(expiresIn);
        }
    }

    private final SimulatorProperties properties;
    private final SimulatorState state;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();
    private final Map<String, AuthCode> codes = new HashMap<>();
    private final Map<String, TokenPair> byAccessToken = new HashMap<>();
    private final Map<String, TokenPair> byRefreshToken = new HashMap<>();
    private String appScopes = SCOPE;

    public SimulatorTokens(SimulatorProperties properties, SimulatorState state) {
        this.properties = properties;
        this.state = state;
        reset();
    }

    /** Drops every code and grant and re-creates the seeded tokens ({@link SimulatorSeed#seedTokens()}). */
    public synchronized void reset() {
        codes.clear();
        byAccessToken.clear();
        byRefreshToken.clear();
        appScopes = SCOPE;
        Instant now = now();
        for (SimulatorSeed.SeedToken seed : SimulatorSeed.seedTokens()) {
            SimUser owner = state.user(seed.resourceOwnerId())
                    .orElseThrow(() -> new IllegalStateException("seed token without owner " + seed.shortName()));
            Grant grant = new Grant(properties.clientId(), owner, SCOPE);
            addPair(grant, new TokenPair(grant, seed.accessToken(), seed.refreshToken(), now,
                    properties.seedTokenTtl().toSeconds()));
        }
    }

    /**
     * The scopes the app is configured with on Fullscript's dashboard (default {@link #SCOPE}): every authorization
     * from now on grants these; existing grants keep theirs ("adding scopes does not upgrade existing tokens").
     * Reset with the simulator.
     */
    public synchronized void setAppScopes(String scopes) {
        appScopes = scopes == null || scopes.isBlank() ? SCOPE : String.join(" ", scopes.strip().split("[\\s,]+"));
    }

    public synchronized String appScopes() {
        return appScopes;
    }

    // --- authorization codes ----------------------------------------------------------------------------------

    /** Issues a single-use code, valid 10 minutes, bound to client and redirect URI. */
    public synchronized String issueCode(String clientId, String redirectUri, String membershipId) {
        codes.values().removeIf(c -> c.expiresAt().isBefore(now()));
        String code = randomToken();
        codes.put(code, new AuthCode(clientId, redirectUri, membershipId, now().plus(CODE_LIFETIME)));
        log.info("simulator authorization code issued resourceOwnerId={}", membershipId);
        return code;
    }

    /** {@code grant_type=authorization_code}; client credentials are checked by the caller. */
    public synchronized IssuedToken exchangeCode(String clientId, String code, String redirectUri) {
        AuthCode authCode = code == null ? null : codes.remove(code);
        if (authCode == null || authCode.expiresAt().isBefore(now()) || !authCode.clientId().equals(clientId)
                || !authCode.redirectUri().equals(redirectUri)) {
            throw OAuthErrorException.invalidGrant();
        }
        SimUser owner = state.user(authCode.membershipId()).orElseThrow(OAuthErrorException::invalidGrant);
        Grant grant = new Grant(clientId, owner, appScopes);
        TokenPair pair = newPair(grant);
        log.info("simulator token issued grant=authorization_code resourceOwnerId={} clinicId={}",
                owner.id(), owner.clinicId());
        return issued(pair);
    }

    /** {@code grant_type=refresh_token}; client credentials are checked by the caller. */
    public synchronized IssuedToken refresh(String clientId, String refreshToken) {
        TokenPair used = refreshToken == null ? null : byRefreshToken.get(refreshToken);
        if (used == null || used.grant.revoked || used.refreshSuperseded || !used.grant.clientId.equals(clientId)) {
            throw OAuthErrorException.invalidGrant();
        }
        Grant grant = used.grant;
        grant.pairs.forEach(p -> p.accessRevoked = true);
        TokenPair pair = newPair(grant);
        log.info("simulator token refreshed resourceOwnerId={} clinicId={}", grant.owner.id(), grant.owner.clinicId());
        return issued(pair);
    }

    /**
     * RFC 7009 revocation: revokes the grant of the given access or refresh token. Unknown tokens, or tokens of
     * another client, are ignored (the endpoint still answers 200).
     */
    public synchronized boolean revoke(String clientId, String token) {
        TokenPair pair = find(token);
        if (pair == null || !pair.grant.clientId.equals(clientId)) {
            return false;
        }
        pair.grant.revoked = true;
        log.info("simulator grant revoked resourceOwnerId={}", pair.grant.owner.id());
        return true;
    }

    // --- bearer tokens ----------------------------------------------------------------------------------------

    /**
     * Checks a bearer token for an API call. The first successful use of an access token supersedes every other
     * refresh token of its grant.
     */
    public synchronized Authentication authenticate(String accessToken) {
        TokenPair pair = accessToken == null ? null : byAccessToken.get(accessToken);
        if (pair == null) {
            return new Authentication(null, Rejection.INVALID);
        }
        if (pair.grant.revoked || pair.accessRevoked) {
            return new Authentication(null, Rejection.REVOKED);
        }
        if (now().isAfter(pair.expiresAt)) {
            return new Authentication(null, Rejection.EXPIRED);
        }
        if (!pair.accessUsed) {
            pair.accessUsed = true;
            pair.grant.pairs.stream().filter(p -> p != pair).forEach(p -> p.refreshSuperseded = true);
        }
        SimUser owner = pair.grant.owner;
        return new Authentication(new ApiCaller(owner.id(), owner.type(), owner.clinicId()), null, pair.grant.scope);
    }

    /** Forces one access token to be expired. @return how many tokens were expired (0 or 1) */
    public synchronized int expireAccessToken(String accessToken) {
        TokenPair pair = accessToken == null ? null : byAccessToken.get(accessToken);
        if (pair == null) {
            return 0;
        }
        pair.expiresAt = now().minusSeconds(1);
        return 1;
    }

    /** Forces every access token of a practitioner or staff member to be expired. */
    public synchronized int expireAccessTokensOf(String resourceOwnerId) {
        int count = 0;
        for (TokenPair pair : byAccessToken.values()) {
            if (pair.grant.owner.id().equals(resourceOwnerId)) {
                pair.expiresAt = now().minusSeconds(1);
                count++;
            }
        }
        return count;
    }

    /** Number of grants that are not revoked (for the admin view). */
    public synchronized long activeGrantCount() {
        return byAccessToken.values().stream().map(p -> p.grant).distinct().filter(g -> !g.revoked).count();
    }

    /**
     * Whether someone of the clinic still holds a grant that is not revoked (its access token may have expired:
     * the refresh token still works). Fullscript sends webhooks only while this is true.
     */
    public synchronized boolean hasActiveGrant(String clinicId) {
        return byAccessToken.values().stream().map(p -> p.grant)
                .anyMatch(g -> !g.revoked && g.owner.clinicId().equals(clinicId));
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private TokenPair find(String token) {
        if (token == null) {
            return null;
        }
        TokenPair pair = byAccessToken.get(token);
        return pair != null ? pair : byRefreshToken.get(token);
    }

    private TokenPair newPair(Grant grant) {
        // created_at is reported with second precision (e.g. 2021-06-16T14:57:21.000Z); expiry is computed from it.
        TokenPair pair = new TokenPair(grant, randomToken(), randomToken(), now().truncatedTo(ChronoUnit.SECONDS),
                properties.accessTokenTtl().toSeconds());
        addPair(grant, pair);
        return pair;
    }

    private void addPair(Grant grant, TokenPair pair) {
        grant.pairs.add(pair);
        byAccessToken.put(pair.accessToken, pair);
        byRefreshToken.put(pair.refreshToken, pair);
    }

    private static IssuedToken issued(TokenPair pair) {
        return new IssuedToken(pair.accessToken, pair.refreshToken, pair.createdAt, pair.expiresIn,
                pair.grant.owner.id(), pair.grant.owner.type().resourceOwnerType(), pair.grant.scope);
    }

    /** Like Doorkeeper's default: 32 random bytes, URL-safe Base64 (43 characters). */
    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private Instant now() {
        return Instant.now(clock);
    }
}
