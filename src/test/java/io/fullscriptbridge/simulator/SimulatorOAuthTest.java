package io.fullscriptbridge.simulator;

import static io.fullscriptbridge.simulator.SimulatorHttp.params;
import static io.fullscriptbridge.simulator.SimulatorSeed.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.util.HtmlUtils;

@SimulatorIntegrationTest
class SimulatorOAuthTest {

    static final String CLIENT_ID = "sim-client-id";
    static final String CLIENT_SECRET = "sim-client-secret";
    static final String REDIRECT_URI = "https://bridge.example/oauth/callback?tenant=acme";

    @LocalServerPort
    int port;

    SimulatorHttp http;

    @BeforeEach
    void reset() {
        http = new SimulatorHttp(port);
        http.reset();
    }

    // --- authorization code → token → refresh → revoke --------------------------------------------------------

    @Test
    void codeIsExchangedForTheDocumentedTokenResponse() {
        String code = authorizeAutomatically(PRACTITIONER_1_ID, "st-1");

        SimulatorHttp.Response response = http.token(codeGrant(code));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        JsonNode body = response.json();
        assertThat(body.size()).isEqualTo(1);
        JsonNode oauth = body.get("oauth");
        assertThat(iterable(oauth.fieldNames())).containsExactly("access_token", "token_type", "expires_in",
                "refresh_token", "scope", "created_at", "resource_owner");
        assertThat(oauth.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(oauth.get("expires_in").asLong()).isEqualTo(7200);
        assertThat(oauth.get("scope").asText()).isEqualTo("catalog:read clinic:read clinic:write patients:read "
                + "patients:write patients:treatment_plan_history patients:order_history");
        assertThat(oauth.get("created_at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.000Z");
        assertThat(Duration.between(Instant.parse(oauth.get("created_at").asText()), Instant.now()).abs())
                .isLessThan(Duration.ofMinutes(1));
        assertThat(oauth.at("/resource_owner/id").asText()).isEqualTo(PRACTITIONER_1_ID);
        assertThat(oauth.at("/resource_owner/type").asText()).isEqualTo("Practitioner");
        assertThat(oauth.get("access_token").asText()).isNotEqualTo(oauth.get("refresh_token").asText());

        SimulatorHttp.Response clinic = http.get("/clinic", oauth.get("access_token").asText());
        assertThat(clinic.status()).isEqualTo(200);
        assertThat(clinic.json().at("/clinic/id").asText()).isEqualTo(CLINIC_1_ID);
    }

    @Test
    void refreshRotatesTokensAndTheOldRefreshTokenLivesUntilTheNewAccessTokenIsUsed() {
        JsonNode first = exchange(authorizeAutomatically(SHARED_PRACTITIONER_CLINIC_2_ID, null));
        String access0 = first.get("access_token").asText();
        String refresh0 = first.get("refresh_token").asText();
        assertThat(http.get("/clinic", access0).status()).isEqualTo(200);

        // refresh: a new pair; the old access token is revoked at once
        JsonNode second = refresh(refresh0);
        String access1 = second.get("access_token").asText();
        String refresh1 = second.get("refresh_token").asText();
        assertThat(access1).isNotEqualTo(access0);
        assertThat(refresh1).isNotEqualTo(refresh0);
        assertThat(second.at("/resource_owner/id").asText()).isEqualTo(SHARED_PRACTITIONER_CLINIC_2_ID);
        SimulatorHttp.Response oldAccess = http.get("/clinic", access0);
        assertThat(oldAccess.status()).isEqualTo(401);
        assertThat(oldAccess.json().get("error").asText()).isEqualTo("invalid_token");

        // the response "got lost": retrying with the old refresh token still works, as the docs promise
        JsonNode third = refresh(refresh0);
        String access2 = third.get("access_token").asText();
        String refresh2 = third.get("refresh_token").asText();
        assertThat(access2).isNotIn(access0, access1);
        assertThat(http.get("/clinic", access1).status()).as("superseded by the retry").isEqualTo(401);

        // first use of the newest access token: from now on only the newest refresh token works
        SimulatorHttp.Response used = http.get("/clinic", access2);
        assertThat(used.status()).isEqualTo(200);
        assertThat(used.json().at("/clinic/id").asText()).isEqualTo(CLINIC_2_ID);
        assertInvalidGrant(http.token(refreshGrant(refresh0)));
        assertInvalidGrant(http.token(refreshGrant(refresh1)));

        JsonNode fourth = refresh(refresh2);
        assertThat(http.get("/clinic", fourth.get("access_token").asText()).status()).isEqualTo(200);
        assertInvalidGrant(http.token(refreshGrant(refresh2)));
    }

    @Test
    void revokingTheAccessTokenEndsTheWholeGrant() {
        JsonNode token = exchange(authorizeAutomatically(STAFF_1_ID, "s"));
        String access = token.get("access_token").asText();
        String refresh = token.get("refresh_token").asText();
        assertThat(http.get("/clinic/patients", access).status()).isEqualTo(200);

        SimulatorHttp.Response revoked = http.post("/oauth/revoke", null,
                params("client_id", CLIENT_ID, "client_secret", CLIENT_SECRET, "token", access));

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().isObject()).isTrue();
        assertThat(revoked.json().size()).isZero();
        SimulatorHttp.Response afterRevoke = http.get("/clinic/patients", access);
        assertThat(afterRevoke.status()).isEqualTo(401);
        assertThat(afterRevoke.json().get("error").asText()).isEqualTo("invalid_token");
        assertThat(afterRevoke.json().get("error_description").asText()).isEqualTo("The access token was revoked");
        assertInvalidGrant(http.token(refreshGrant(refresh)));
    }

    @Test
    void revokingTheRefreshTokenAlsoKillsItsAccessToken() {
        assertThat(http.get("/clinic", TOKEN_PRACTITIONER_2).status()).isEqualTo(200);

        SimulatorHttp.Response revoked = http.postForm("/oauth/revoke",
                params("client_id", CLIENT_ID, "client_secret", CLIENT_SECRET, "token", REFRESH_TOKEN_PRACTITIONER_2));

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(http.get("/clinic", TOKEN_PRACTITIONER_2).status()).isEqualTo(401);
        assertThat(http.get("/clinic", TOKEN_PRACTITIONER_1).status()).as("other grants live on").isEqualTo(200);
    }

    @Test
    void revokeAnswers200ForUnknownTokensButNeedsClientCredentials() {
        SimulatorHttp.Response unknown = http.post("/oauth/revoke", null,
                params("client_id", CLIENT_ID, "client_secret", CLIENT_SECRET, "token", "no-such-token"));
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.body()).isEqualTo("{}");

        SimulatorHttp.Response badClient = http.post("/oauth/revoke", null,
                params("client_id", CLIENT_ID, "client_secret", "wrong", "token", TOKEN_PRACTITIONER_1));
        assertThat(badClient.status()).isEqualTo(401);
        assertThat(badClient.json().get("error").asText()).isEqualTo("invalid_client");
        assertThat(http.get("/clinic", TOKEN_PRACTITIONER_1).status()).isEqualTo(200);
    }

    @Test
    void aCodeWorksOnlyOnceAndOnlyWithItsRedirectUri() {
        String code = authorizeAutomatically(PRACTITIONER_1_ID, null);
        assertThat(http.token(codeGrant(code)).status()).isEqualTo(200);

        assertInvalidGrant(http.token(codeGrant(code)));

        String other = authorizeAutomatically(PRACTITIONER_1_ID, null);
        Map<String, String> wrongRedirect = codeGrant(other);
        wrongRedirect.put("redirect_uri", "https://bridge.example/other");
        assertInvalidGrant(http.token(wrongRedirect));
        assertInvalidGrant(http.token(codeGrant("made-up-code")));
    }

    @Test
    void badClientCredentialsAre401InvalidClient() {
        String code = authorizeAutomatically(PRACTITIONER_1_ID, null);
        Map<String, String> request = codeGrant(code);
        request.put("client_secret", "not-the-secret");

        SimulatorHttp.Response response = http.token(request);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("error").asText()).isEqualTo("invalid_client");
        assertThat(response.json().get("error_description").asText()).isNotBlank();
        assertThat(http.token(codeGrant(code)).status()).as("the code was not spent").isEqualTo(200);

        Map<String, String> refresh = refreshGrant(REFRESH_TOKEN_PRACTITIONER_1);
        refresh.put("client_id", "someone-else");
        assertThat(http.token(refresh).status()).isEqualTo(401);
    }

    @Test
    void unknownGrantTypesAndMissingParametersAre400() {
        SimulatorHttp.Response unsupported = http.token(params("grant_type", "password", "client_id", CLIENT_ID,
                "client_secret", CLIENT_SECRET));
        assertThat(unsupported.status()).isEqualTo(400);
        assertThat(unsupported.json().get("error").asText()).isEqualTo("unsupported_grant_type");

        SimulatorHttp.Response missingCode = http.token(params("grant_type", "authorization_code",
                "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET, "redirect_uri", REDIRECT_URI));
        assertThat(missingCode.status()).isEqualTo(400);
        assertThat(missingCode.json().get("error").asText()).isEqualTo("invalid_request");

        SimulatorHttp.Response malformed = http.postRaw("/oauth/token", null, "application/json", "{\"grant_type\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void tokenEndpointAlsoAcceptsFormEncodedBodies() {
        String code = authorizeAutomatically(STAFF_1_ID, null);

        SimulatorHttp.Response response = http.postForm("/oauth/token", codeGrant(code));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().at("/oauth/resource_owner/type").asText()).isEqualTo("Staff");
        assertThat(response.json().at("/oauth/resource_owner/id").asText()).isEqualTo(STAFF_1_ID);

        SimulatorHttp.Response refreshed = http.postForm("/oauth/token",
                refreshGrant(response.json().at("/oauth/refresh_token").asText()));
        assertThat(refreshed.status()).isEqualTo(200);
    }

    @Test
    void seededRefreshTokensWorkLikeAnyOther() {
        JsonNode refreshed = refresh(REFRESH_TOKEN_STAFF_1);

        assertThat(refreshed.get("expires_in").asLong()).isEqualTo(7200);
        assertThat(http.get("/clinic", TOKEN_STAFF_1).status()).isEqualTo(401);
        assertThat(http.get("/clinic", refreshed.get("access_token").asText()).status()).isEqualTo(200);
    }

    // --- bearer tokens ----------------------------------------------------------------------------------------

    @Test
    void apiCallsWithoutAValidBearerTokenAre401InvalidToken() {
        for (String token : new String[] {null, "not-a-token", REFRESH_TOKEN_PRACTITIONER_1}) {
            SimulatorHttp.Response response = http.get("/clinic/patients", token);
            assertThat(response.status()).as("token %s", token).isEqualTo(401);
            assertThat(response.json().get("error").asText()).isEqualTo("invalid_token");
            assertThat(response.header("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer error=\"invalid_token\""));
        }
    }

    // --- authorize page ---------------------------------------------------------------------------------------

    @Test
    void consentPageListsEveryMembershipAndApprovingThroughTheFormRedirectsWithACode() {
        String state = "csrf+token /=1";
        SimulatorHttp.Response page = http.get("/oauth/authorize?" + SimulatorHttp.query(params(
                "client_id", CLIENT_ID, "redirect_uri", REDIRECT_URI, "response_type", "code", "state", state)), null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        String html = page.body();
        for (String membership : List.of(PRACTITIONER_1_ID, PRACTITIONER_2_ID, SHARED_PRACTITIONER_CLINIC_1_ID,
                SHARED_PRACTITIONER_CLINIC_2_ID, STAFF_1_ID)) {
            assertThat(html).contains("name=\"membership_id\" value=\"" + membership + "\"");
        }
        assertThat(countOccurrences(html, "Dr. Priya Shah")).as("one row per clinic membership").isEqualTo(2);
        assertThat(html).contains(CLINIC_1_NAME).contains(CLINIC_2_NAME).contains("value=\"deny\"");

        Map<String, String> form = formFor(html, "approve", SHARED_PRACTITIONER_CLINIC_2_ID);
        assertThat(form).containsEntry("client_id", CLIENT_ID).containsEntry("redirect_uri", REDIRECT_URI)
                .containsEntry("state", state).containsEntry("decision", "approve");
        SimulatorHttp.Response submitted = http.postForm("/oauth/authorize", form);

        assertThat(submitted.status()).isEqualTo(302);
        URI location = URI.create(submitted.header("Location").orElseThrow());
        assertThat(location.getScheme() + "://" + location.getHost() + location.getPath())
                .isEqualTo("https://bridge.example/oauth/callback");
        Map<String, String> query = queryOf(location);
        assertThat(query).containsEntry("tenant", "acme").containsEntry("state", state).containsKey("code");

        JsonNode token = exchange(query.get("code"));
        assertThat(token.at("/resource_owner/id").asText()).isEqualTo(SHARED_PRACTITIONER_CLINIC_2_ID);
        assertThat(http.get("/clinic", token.get("access_token").asText()).json().at("/clinic/id").asText())
                .isEqualTo(CLINIC_2_ID);
    }

    @Test
    void denyingRedirectsWithAccessDenied() {
        SimulatorHttp.Response page = http.get("/oauth/authorize?" + SimulatorHttp.query(params(
                "client_id", CLIENT_ID, "redirect_uri", REDIRECT_URI, "response_type", "code", "state", "abc")), null);
        SimulatorHttp.Response denied = http.postForm("/oauth/authorize", formFor(page.body(), "deny", null));

        assertThat(denied.status()).isEqualTo(302);
        Map<String, String> query = queryOf(URI.create(denied.header("Location").orElseThrow()));
        assertThat(query).containsEntry("error", "access_denied").containsEntry("state", "abc")
                .doesNotContainKey("code");

        // the same through the auto-approve switch
        assertThat(http.admin("POST", "/oauth/auto-approve", Map.of("deny", true)).status()).isEqualTo(200);
        SimulatorHttp.Response auto = http.get("/oauth/authorize?" + SimulatorHttp.query(params(
                "client_id", CLIENT_ID, "redirect_uri", REDIRECT_URI, "response_type", "code", "state", "xyz")), null);
        assertThat(auto.status()).isEqualTo(302);
        assertThat(queryOf(URI.create(auto.header("Location").orElseThrow())))
                .containsEntry("error", "access_denied").containsEntry("state", "xyz");
    }

    @Test
    void autoApproveByEmailNeedsTheClinicWhenTheUserHasTwoMemberships() {
        SimulatorHttp.Response ambiguous = http.admin("POST", "/oauth/auto-approve",
                Map.of("email", SHARED_PRACTITIONER_EMAIL));
        assertThat(ambiguous.status()).isEqualTo(400);

        assertThat(http.admin("POST", "/oauth/auto-approve",
                Map.of("email", SHARED_PRACTITIONER_EMAIL, "clinicId", CLINIC_1_ID)).status()).isEqualTo(200);
        String code = queryOf(authorizeRedirect("one")).get("code");
        assertThat(exchange(code).at("/resource_owner/id").asText()).isEqualTo(SHARED_PRACTITIONER_CLINIC_1_ID);

        // stays set until cleared
        assertThat(queryOf(authorizeRedirect("two"))).containsKey("code");
        assertThat(http.admin("DELETE", "/oauth/auto-approve", null).status()).isEqualTo(204);
        SimulatorHttp.Response page = http.get("/oauth/authorize?" + SimulatorHttp.query(params(
                "client_id", CLIENT_ID, "redirect_uri", REDIRECT_URI, "response_type", "code")), null);
        assertThat(page.status()).isEqualTo(200);
    }

    @Test
    void authorizeRefusesUnknownClientsAndOtherResponseTypes() {
        SimulatorHttp.Response unknownClient = http.get("/oauth/authorize?" + SimulatorHttp.query(params(
                "client_id", "nope", "redirect_uri", REDIRECT_URI, "response_type", "code")), null);
        assertThat(unknownClient.status()).isEqualTo(400);
        assertThat(unknownClient.body()).contains("unknown client");

        SimulatorHttp.Response implicit = http.get("/oauth/authorize?" + SimulatorHttp.query(params(
                "client_id", CLIENT_ID, "redirect_uri", REDIRECT_URI, "response_type", "token")), null);
        assertThat(implicit.status()).isEqualTo(400);

        SimulatorHttp.Response noRedirect = http.get("/oauth/authorize?" + SimulatorHttp.query(params(
                "client_id", CLIENT_ID, "response_type", "code")), null);
        assertThat(noRedirect.status()).isEqualTo(400);
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private String authorizeAutomatically(String membershipId, String state) {
        SimulatorHttp.Response set = http.admin("POST", "/oauth/auto-approve", Map.of("membershipId", membershipId));
        assertThat(set.status()).as("auto-approve %s", set).isEqualTo(200);
        Map<String, String> query = queryOf(authorizeRedirect(state));
        if (state != null) {
            assertThat(query).containsEntry("state", state);
        }
        assertThat(query).containsKey("code");
        return query.get("code");
    }

    private URI authorizeRedirect(String state) {
        Map<String, String> params = params("client_id", CLIENT_ID, "redirect_uri", REDIRECT_URI,
                "response_type", "code");
        if (state != null) {
            params.put("state", state);
        }
        SimulatorHttp.Response response = http.get("/oauth/authorize?" + SimulatorHttp.query(params), null);
        assertThat(response.status()).as("authorize %s", response).isEqualTo(302);
        return URI.create(response.header("Location").orElseThrow());
    }

    private JsonNode exchange(String code) {
        SimulatorHttp.Response response = http.token(codeGrant(code));
        assertThat(response.status()).as("code exchange %s", response).isEqualTo(200);
        return response.json().get("oauth");
    }

    private JsonNode refresh(String refreshToken) {
        SimulatorHttp.Response response = http.token(refreshGrant(refreshToken));
        assertThat(response.status()).as("refresh %s", response).isEqualTo(200);
        return response.json().get("oauth");
    }

    private static Map<String, String> codeGrant(String code) {
        return params("grant_type", "authorization_code", "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET,
                "code", code, "redirect_uri", REDIRECT_URI);
    }

    private static Map<String, String> refreshGrant(String refreshToken) {
        return params("grant_type", "refresh_token", "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET,
                "refresh_token", refreshToken, "redirect_uri", REDIRECT_URI);
    }

    private static void assertInvalidGrant(SimulatorHttp.Response response) {
        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.json().get("error").asText()).isEqualTo("invalid_grant");
    }

    static Map<String, String> queryOf(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() == null) {
            return query;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    /** The fields a browser would submit for the form whose button has {@code decision} (and membership). */
    static Map<String, String> formFor(String html, String decision, String membershipId) {
        Matcher forms = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\">(.*?)</form>", Pattern.DOTALL)
                .matcher(html);
        while (forms.find()) {
            assertThat(forms.group(1)).isEqualTo("/simulator/fullscript/api/oauth/authorize");
            String form = forms.group(2);
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher inputs = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")
                    .matcher(form);
            while (inputs.find()) {
                fields.put(inputs.group(1), HtmlUtils.htmlUnescape(inputs.group(2)));
            }
            Matcher button = Pattern.compile("<button type=\"submit\" name=\"decision\" value=\"([^\"]+)\">")
                    .matcher(form);
            if (button.find() && button.group(1).equals(decision)
                    && (membershipId == null || membershipId.equals(fields.get("membership_id")))) {
                fields.put("decision", decision);
                return fields;
            }
        }
        throw new AssertionError("no " + decision + " form for " + membershipId + " in " + html);
    }

    private static int countOccurrences(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
