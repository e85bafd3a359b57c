package io.fullscriptbridge.oauth;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.fullscriptbridge.config.FullscriptProperties;
import io.fullscriptbridge.fullscript.FullscriptApi;
import io.fullscriptbridge.fullscript.FullscriptApiException;
import io.fullscriptbridge.fullscript.FullscriptRequest;
import org.springframework.stereotype.Component;

/**
 * Fullscript's OAuth endpoints (shared/fullscript-api.md §2): code exchange, refresh, revoke. They go through the
 * fullscript-api route like every other call (budget, retries, metrics) but carry the app's client credentials
 * in the JSON body instead of a bearer token.
 */
@Component
public class FullscriptOAuthClient {

    static final String TOKEN_ENDPOINT = "/api/oauth/token";
    static final String REVOKE_ENDPOINT = "/api/oauth/revoke";

    private final FullscriptApi api;
    private final FullscriptProperties properties;

    public FullscriptOAuthClient(FullscriptApi api, FullscriptProperties properties) {
        this.api = api;
        this.properties = properties;
    }

    public TokenGrant exchangeCode(String code, String redirectUri) {
        Map<String, String> body = credentials();
        body.put("grant_type", "authorization_code");
        body.put("code", code);
        body.put("redirect_uri", redirectUri);
        return grant(body);
    }

    public TokenGrant refresh(String refreshToken, String redirectUri) {
        Map<String, String> body = credentials();
        body.put("grant_type", "refresh_token");
        body.put("refresh_token", refreshToken);
        body.put("redirect_uri", redirectUri);
        return grant(body);
    }

    /** POST /api/oauth/revoke with client id, secret and token; no bearer. Fullscript answers 200 {}. */
    public void revoke(String token) {
        Map<String, String> body = credentials();
        body.put("token", token);
        api.call(FullscriptRequest.unauthenticated("POST", REVOKE_ENDPOINT, body));
    }

    private TokenGrant grant(Map<String, String> body) {
        JsonNode response;
        try {
            response = api.call(FullscriptRequest.unauthenticated("POST", TOKEN_ENDPOINT, body));
        } catch (FullscriptApiException.Rejected e) {
            if (e.getStatus() == 400 && e.getErrors().contains("invalid_grant")) {
                throw new InvalidGrantException("Fullscript refused the grant (invalid_grant)");
            }
            throw e;
        }
        JsonNode oauth = response.path("oauth");
        if (!oauth.hasNonNull("access_token") || !oauth.hasNonNull("refresh_token")) {
            throw new IllegalStateException("Fullscript's token response has no oauth.access_token/refresh_token");
        }
        return new TokenGrant(
                oauth.path("access_token").asText(),
                oauth.path("refresh_token").asText(),
                oauth.path("scope").asText(null),
                oauth.hasNonNull("created_at") ? Instant.parse(oauth.path("created_at").asText()) : Instant.now(),
                oauth.path("expires_in").asLong(7200),
                oauth.path("resource_owner").path("id").asText(null),
                oauth.path("resource_owner").path("type").asText(null));
    }

    private Map<String, String> credentials() {
        if (properties.getClientId().isBlank() || properties.getClientSecret().isBlank()) {
            throw new IllegalStateException("FULLSCRIPT_CLIENT_ID and FULLSCRIPT_CLIENT_SECRET are not configured");
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("client_id", properties.getClientId());
        body.put("client_secret", properties.getClientSecret());
        return body;
    }
}
