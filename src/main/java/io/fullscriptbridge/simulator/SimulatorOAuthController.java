package io.fullscriptbridge.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Simulated OAuth 2.0 endpoints: authorize (consent page), token (authorization_code and refresh_token grants)
 * and revoke, per Fullscript's "Using OAuth" guides.
 */
@RestController
@ConditionalOnSimulatorEnabled
@RequestMapping(SimulatorApiFilter.BASE_PATH + "/api/oauth")
public class SimulatorOAuthController {

    private final SimulatorProperties properties;
    private final SimulatorState state;
    private final SimulatorTokens tokens;
    private final OAuthAutoApproval autoApproval;
    private final ObjectMapper objectMapper;

    public SimulatorOAuthController(SimulatorProperties properties, SimulatorState state, SimulatorTokens tokens,
                                    OAuthAutoApproval autoApproval, ObjectMapper objectMapper) {
        this.properties = properties;
        this.state = state;
        this.tokens = tokens;
        this.autoApproval = autoApproval;
        this.objectMapper = objectMapper;
    }

    // --- authorize --------------------------------------------------------------------------------------------

    @GetMapping("/authorize")
    public ResponseEntity<String> authorizePage(
            @RequestParam(name = "client_id", required = false) String clientId,
            @RequestParam(name = "redirect_uri", required = false) String redirectUri,
            @RequestParam(name = "response_type", required = false) String responseType,
            @RequestParam(name = "state", required = false) String stateParam) {
        ResponseEntity<String> invalid = checkAuthorizeRequest(clientId, redirectUri);
        if (invalid != null) {
            return invalid;
        }
        if (!"code".equals(responseType)) {
            return html(HttpStatus.BAD_REQUEST, SimulatorConsentPage.error(
                    "The authorization server does not support this response type (response_type must be code)."));
        }
        OAuthAutoApproval.Decision decision = autoApproval.current();
        if (decision != null) {
            return decide(clientId, redirectUri, stateParam, decision.deny() ? null : decision.membershipId(),
                    !decision.deny());
        }
        Map<String, String> clinicNames = state.clinics().stream()
                .collect(Collectors.toMap(SimClinic::id, SimClinic::name));
        return html(HttpStatus.OK, SimulatorConsentPage.render(clientId, redirectUri, stateParam, state.users(),
                clinicNames));
    }

    @PostMapping("/authorize")
    public ResponseEntity<String> authorizeDecision(
            @RequestParam(name = "client_id", required = false) String clientId,
            @RequestParam(name = "redirect_uri", required = false) String redirectUri,
            @RequestParam(name = "state", required = false) String stateParam,
            @RequestParam(name = "membership_id", required = false) String membershipId,
            @RequestParam(name = "decision", required = false) String decision) {
        ResponseEntity<String> invalid = checkAuthorizeRequest(clientId, redirectUri);
        if (invalid != null) {
            return invalid;
        }
        if ("deny".equals(decision)) {
            return decide(clientId, redirectUri, stateParam, null, false);
        }
        if (!"approve".equals(decision)) {
            return html(HttpStatus.BAD_REQUEST, SimulatorConsentPage.error("decision must be approve or deny."));
        }
        return decide(clientId, redirectUri, stateParam, membershipId, true);
    }

    private ResponseEntity<String> decide(String clientId, String redirectUri, String stateParam, String membershipId,
                                          boolean approve) {
        UriComponentsBuilder location = UriComponentsBuilder.fromUriString(redirectUri);
        if (approve) {
            if (membershipId == null || state.user(membershipId).isEmpty()) {
                return html(HttpStatus.BAD_REQUEST, SimulatorConsentPage.error("Unknown practitioner or staff member."));
            }
            location.queryParam("code", tokens.issueCode(clientId, redirectUri, membershipId));
        } else {
            location.queryParam("error", "access_denied");
        }
        if (stateParam != null) {
            // state comes back unchanged; '+' is encoded too, or a form decoder would read it as a space
            location.queryParam("state",
                    UriUtils.encodeQueryParam(stateParam, StandardCharsets.UTF_8).replace("+", "%2B"));
        }
        // the redirect URI was validated as a well-formed URI and code/error values are URL-safe
        URI uri = location.build(true).toUri();
        return ResponseEntity.status(HttpStatus.FOUND).location(uri).build();
    }

    /** @return an error page, or {@code null} when client and redirect URI are acceptable */
    private ResponseEntity<String> checkAuthorizeRequest(String clientId, String redirectUri) {
        if (clientId == null || !constantTimeEquals(clientId, properties.clientId())) {
            return html(HttpStatus.BAD_REQUEST, SimulatorConsentPage.error(
                    "Client authentication failed due to unknown client."));
        }
        if (redirectUri == null || !isAbsoluteHttpUri(redirectUri)) {
            return html(HttpStatus.BAD_REQUEST, SimulatorConsentPage.error(
                    "The redirect uri included is not valid."));
        }
        if (!properties.redirectUris().isEmpty() && !properties.redirectUris().contains(redirectUri)) {
            // Fullscript: a redirect_uri that does not match the one configured on the dashboard gives a 404
            return html(HttpStatus.NOT_FOUND, SimulatorConsentPage.error("The page you were looking for doesn't exist."));
        }
        return null;
    }

    private static boolean isAbsoluteHttpUri(String value) {
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static ResponseEntity<String> html(HttpStatus status, String body) {
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body(body);
    }

    // --- token ------------------------------------------------------------------------------------------------

    /** Accepts a JSON body (as Fullscript's docs send it) or form-encoded parameters (as RFC 6749 clients do). */
    @PostMapping("/token")
    public ResponseEntity<Map<String, Object>> token(HttpServletRequest request) {
        Map<String, String> params = readParams(request);
        authenticateClient(params);
        String grantType = params.get("grant_type");
        SimulatorTokens.IssuedToken issued;
        if (grantType == null || grantType.isBlank()) {
            throw OAuthErrorException.invalidRequest("The request is missing a required parameter: grant_type.");
        } else if ("authorization_code".equals(grantType)) {
            require(params, "code");
            require(params, "redirect_uri");
            issued = tokens.exchangeCode(params.get("client_id"), params.get("code"), params.get("redirect_uri"));
        } else if ("refresh_token".equals(grantType)) {
            require(params, "refresh_token");
            issued = tokens.refresh(params.get("client_id"), params.get("refresh_token"));
        } else {
            throw new OAuthErrorException(HttpStatus.BAD_REQUEST, "unsupported_grant_type",
                    "The authorization grant type is not supported by the authorization server.");
        }
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header("Pragma", "no-cache")
                .body(Map.of("oauth", SimulatorJson.OAuthToken.of(issued)));
    }

    // --- revoke -----------------------------------------------------------------------------------------------

    /** RFC 7009: 200 {@code {}} also for unknown tokens. No bearer token is needed. */
    @PostMapping("/revoke")
    public Map<String, Object> revoke(HttpServletRequest request) {
        Map<String, String> params = readParams(request);
        authenticateClient(params);
        require(params, "token");
        tokens.revoke(params.get("client_id"), params.get("token"));
        return Map.of();
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private void authenticateClient(Map<String, String> params) {
        String clientId = params.get("client_id");
        String secret = params.get("client_secret");
        if (clientId == null || secret == null || !constantTimeEquals(clientId, properties.clientId())
                || !constantTimeEquals(secret, properties.clientSecret())) {
            throw OAuthErrorException.invalidClient();
        }
    }

    private static void require(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null || value.isBlank()) {
            throw OAuthErrorException.invalidRequest("The request is missing a required parameter: " + name + ".");
        }
    }

    private Map<String, String> readParams(HttpServletRequest request) {
        Map<String, String> params = new HashMap<>();
        String contentType = request.getContentType();
        if (contentType != null && contentType.toLowerCase().contains("json")) {
            JsonNode body;
            try {
                body = objectMapper.readTree(request.getInputStream());
            } catch (JsonProcessingException e) {
                throw OAuthErrorException.invalidRequest("The request body is not valid JSON.");
            } catch (IOException e) {
                throw OAuthErrorException.invalidRequest("The request body could not be read.");
            }
            if (body == null || body.isMissingNode() || body.isNull()) {
                return params;
            }
            if (!body.isObject()) {
                throw OAuthErrorException.invalidRequest("The request body must be a JSON object.");
            }
            body.fields().forEachRemaining(field -> {
                if (field.getValue().isValueNode() && !field.getValue().isNull()) {
                    params.put(field.getKey(), field.getValue().asText());
                }
            });
            return params;
        }
        request.getParameterMap().forEach((name, values) -> {
            if (values.length > 0) {
                params.put(name, values[0]);
            }
        });
        return params;
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
