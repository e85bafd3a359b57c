package io.fullscriptbridge.fullscript;

import java.util.LinkedHashMap;
import java.util.Map;


/**
 * One call to Fullscript's REST API, made on behalf of one user (or, for the OAuth endpoints, of the app itself).
 *
 * @param method   GET, POST, PATCH …
 * @param endpoint the path template, the metric tag: e.g. "/api/clinic/patients/{id}"
 * @param path     the concrete path: e.g. "/api/clinic/patients/8d1…"
 * @param query    query parameters (unencoded)
 * @param body     an object Jackson writes as the JSON body, or null
 */
public record FullscriptRequest(ActingUser actingUser, String method, String endpoint, String path,
                                Map<String, String> query, Object body) {

    public static FullscriptRequest get(ActingUser user, String endpoint, String path, Map<String, String> query) {
        return new FullscriptRequest(user, "GET", endpoint, path, new LinkedHashMap<>(query), null);
    }

    public static FullscriptRequest send(ActingUser user, String method, String endpoint, String path, Object body) {
        return new FullscriptRequest(user, method, endpoint, path, Map.of(), body);
    }

    /** A call made without a bearer token: the OAuth token and revoke endpoints (client credentials in the body). */
    public static FullscriptRequest unauthenticated(String method, String endpoint, Object body) {
        return new FullscriptRequest(null, method, endpoint, endpoint, Map.of(), body);
    }

    public boolean authenticated() {
        return actingUser != null;
    }

    /** e.g. "POST /api/clinic/patients": how metrics and logs name the endpoint. */
    public String endpointKey() {
        return method + " " + endpoint;
    }
}
