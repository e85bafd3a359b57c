package io.fullscriptbridge.simulator;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test and local-dev controls of the simulator under {@code /simulator/admin} (camelCase JSON). Not part of the
 * simulated Fullscript API: no bearer token, not counted, no faults.
 */
@RestController
@ConditionalOnSimulatorEnabled
@RequestMapping("/simulator/admin")
public class SimulatorAdminController {

    private final SimulatorReset reset;
    private final SimulatorState state;
    private final SimulatorTokens tokens;
    private final SimulatorRequestLog requestLog;
    private final FaultInjector faults;
    private final OAuthAutoApproval autoApproval;
    private final ObjectMapper objectMapper;

    public SimulatorAdminController(SimulatorReset reset, SimulatorState state, SimulatorTokens tokens,
                                    SimulatorRequestLog requestLog, FaultInjector faults,
                                    OAuthAutoApproval autoApproval, ObjectMapper objectMapper) {
        this.reset = reset;
        this.state = state;
        this.tokens = tokens;
        this.requestLog = requestLog;
        this.faults = faults;
        this.autoApproval = autoApproval;
        this.objectMapper = objectMapper;
    }

    @PostMapping("/reset")
    public Map<String, Object> reset() {
        reset.resetAll();
        return Map.of("reset", true);
    }

    // --- request counts ---------------------------------------------------------------------------------------

    /** {@code {"total": n, "counts": {"GET /api/clinic": 2, ...}, "byStatus": {"GET /api/clinic": {"200": 2}}}}. */
    @GetMapping("/requests")
    public Map<String, Object> requests() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", requestLog.total());
        body.put("counts", requestLog.countsByEndpoint());
        body.put("byStatus", requestLog.countsByEndpointAndStatus());
        return body;
    }

    /**
     * {@code [{"endpoint": "GET /api/clinic", "status": 200, "arrivalMillis": 1234.5}, …]}: when each kept request
     * reached the simulator (milliseconds on the simulator's own monotonic clock: compare them with each other only),
     * for checking a rate budget from outside. No paths, queries or bodies: they carry ids, tokens and demographics.
     */
    @GetMapping("/requests/arrivals")
    public List<Map<String, Object>> arrivals() {
        return requestLog.entries(e -> true).stream().map(e -> {
            Map<String, Object> arrival = new LinkedHashMap<>();
            arrival.put("endpoint", e.endpointKey());
            arrival.put("status", e.status());
            arrival.put("arrivalMillis", e.arrivalNanos() / 1_000_000.0);
            return arrival;
        }).toList();
    }

    /** {@code {"POST /api/clinic/patients": 2}}: requests being handled right now, by method and literal path. */
    @GetMapping("/requests/in-flight")
    public Map<String, Integer> inFlight() {
        return requestLog.inFlight();
    }

    @DeleteMapping("/requests")
    public ResponseEntity<Void> clearRequests() {
        requestLog.reset();
        return ResponseEntity.noContent().build();
    }

    // --- faults -----------------------------------------------------------------------------------------------

    @GetMapping("/faults")
    public FaultSettings faults() {
        return faults.settings();
    }

    /** Replaces the fault settings (see {@link FaultSettings}); unknown keys are refused so typos do not pass. */
    @PostMapping("/faults")
    public FaultSettings configureFaults(@RequestBody JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("Fault settings must be a JSON object");
        }
        Set<String> known = Arrays.stream(FaultSettings.class.getRecordComponents())
                .map(c -> c.getName()).collect(Collectors.toSet());
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException("Unknown fault setting '" + name + "'; known: "
                        + known.stream().sorted().collect(Collectors.joining(", ")));
            }
        }
        FaultSettings settings;
        try {
            settings = objectMapper.treeToValue(body, FaultSettings.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Fault settings have a value of the wrong type");
        }
        return faults.configure(settings);
    }

    @DeleteMapping("/faults")
    public ResponseEntity<Void> clearFaults() {
        faults.reset();
        return ResponseEntity.noContent().build();
    }

    // --- OAuth auto-approve -------------------------------------------------------------------------------------

    @GetMapping("/oauth/auto-approve")
    public Map<String, Object> autoApprove() {
        OAuthAutoApproval.Decision decision = autoApproval.current();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enabled", decision != null);
        body.put("membershipId", decision == null ? null : decision.membershipId());
        body.put("deny", decision != null && decision.deny());
        return body;
    }

    /** {@code {"membershipId": "..."}}, {@code {"email": "...", "clinicId": "..."}} or {@code {"deny": true}}. */
    @PostMapping("/oauth/auto-approve")
    public Map<String, Object> setAutoApprove(@RequestBody JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("Body must be a JSON object");
        }
        if (body.path("deny").asBoolean(false)) {
            autoApproval.set(OAuthAutoApproval.Decision.denyAll());
            return autoApprove();
        }
        String membershipId = text(body, "membershipId");
        String email = text(body, "email");
        String clinicId = text(body, "clinicId");
        SimUser member;
        if (membershipId != null) {
            member = state.user(membershipId)
                    .orElseThrow(() -> new IllegalArgumentException("Unknown membershipId " + membershipId));
        } else if (email != null) {
            List<SimUser> matches = state.users().stream()
                    .filter(u -> u.email().equalsIgnoreCase(email))
                    .filter(u -> clinicId == null || u.clinicId().equals(clinicId))
                    .toList();
            if (matches.size() != 1) {
                throw new IllegalArgumentException(matches.isEmpty()
                        ? "No practitioner or staff member with that email" + (clinicId == null ? "" : " in clinic " + clinicId)
                        : "That email belongs to several clinics; add clinicId");
            }
            member = matches.get(0);
        } else {
            throw new IllegalArgumentException("Give membershipId, email (+ clinicId) or deny=true");
        }
        autoApproval.set(OAuthAutoApproval.Decision.approve(member.id()));
        return autoApprove();
    }

    @DeleteMapping("/oauth/auto-approve")
    public ResponseEntity<Void> clearAutoApprove() {
        autoApproval.clear();
        return ResponseEntity.noContent().build();
    }

    // --- the app's scopes ---------------------------------------------------------------------------------------

    /** The scopes new authorizations grant: {@code {"scope": "catalog:read clinic:read ..."}}. */
    @GetMapping("/oauth/app-scopes")
    public Map<String, Object> appScopes() {
        return Map.of("scope", tokens.appScopes());
    }

    /** {@code {"scope": "..."}} (space- or comma-separated): what the app's dashboard grants from now on. */
    @PostMapping("/oauth/app-scopes")
    public Map<String, Object> setAppScopes(@RequestBody JsonNode body) {
        String scope = body == null ? null : text(body, "scope");
        if (scope == null) {
            throw new IllegalArgumentException("Give scope");
        }
        tokens.setAppScopes(scope);
        return appScopes();
    }

    @DeleteMapping("/oauth/app-scopes")
    public ResponseEntity<Void> resetAppScopes() {
        tokens.setAppScopes(null);
        return ResponseEntity.noContent().build();
    }

    // --- tokens -----------------------------------------------------------------------------------------------

    /** {@code {"token": "<access token>"}} or {@code {"resourceOwnerId": "..."}}: 200 {@code {"expired": n}}, 404 if none. */
    @PostMapping("/tokens/expire")
    public ResponseEntity<Map<String, Object>> expireTokens(@RequestBody JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("Body must be a JSON object");
        }
        String token = text(body, "token");
        String ownerId = text(body, "resourceOwnerId");
        int expired;
        if (token != null) {
            expired = tokens.expireAccessToken(token);
        } else if (ownerId != null) {
            expired = tokens.expireAccessTokensOf(ownerId);
        } else {
            throw new IllegalArgumentException("Give token or resourceOwnerId");
        }
        return ResponseEntity.status(expired == 0 ? HttpStatus.NOT_FOUND : HttpStatus.OK)
                .body(Map.of("expired", expired));
    }

    // --- state ------------------------------------------------------------------------------------------------

    /** Everything the simulator holds (for local development and test diagnostics), tokens excepted. */
    @GetMapping("/state")
    public Map<String, Object> stateView() {
        Map<String, String> seedTokens = SimulatorSeed.seedTokens().stream()
                .collect(Collectors.toMap(SimulatorSeed.SeedToken::resourceOwnerId, SimulatorSeed.SeedToken::accessToken));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clinics", state.clinics().stream().map(c -> {
            Map<String, Object> clinic = new LinkedHashMap<>();
            clinic.put("id", c.id());
            clinic.put("name", c.name());
            clinic.put("integrationId", c.integrationId());
            return clinic;
        }).toList());
        body.put("memberships", state.users().stream().map(u -> {
            Map<String, Object> member = new LinkedHashMap<>();
            member.put("id", u.id());
            member.put("type", u.type().resourceOwnerType());
            member.put("clinicId", u.clinicId());
            member.put("name", u.displayName());
            member.put("email", u.email());
            member.put("metadataId", u.metadataId());
            member.put("seedAccessToken", seedTokens.get(u.id()));
            return member;
        }).toList());
        body.put("patients", state.patients().stream().map(p -> {
            Map<String, Object> patient = new LinkedHashMap<>();
            patient.put("clinicId", p.clinicId());
            patient.put("guardianId", p.guardianId());
            patient.put("guardian", state.isGuardian(p));
            patient.put("welcomeEmailSent", p.welcomeEmailSent());
            patient.put("patient", SimulatorJson.Patient.of(p));
            return patient;
        }).toList());
        body.put("treatmentPlans", state.treatmentPlans().stream().map(t -> {
            Map<String, Object> plan = new LinkedHashMap<>();
            plan.put("clinicId", t.clinicId());
            plan.put("treatmentPlan", SimulatorJson.TreatmentPlan.of(t));
            return plan;
        }).toList());
        body.put("orders", state.clinics().stream().flatMap(c -> state.orders(c.id()).stream()).map(o -> {
            Map<String, Object> order = new LinkedHashMap<>();
            order.put("clinicId", o.clinicId());
            order.put("order", SimulatorJson.Order.of(o));
            return order;
        }).toList());
        body.put("activeGrants", tokens.activeGrantCount());
        return body;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText().trim();
    }
}
