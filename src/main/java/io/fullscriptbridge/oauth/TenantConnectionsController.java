package io.fullscriptbridge.oauth;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.fullscriptbridge.config.TenantDirectory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * What an EHR needs to draw its buttons, and its own users' connections (decision D48). Authenticated with the
 * tenant's API key (X-Bridge-Tenant, X-Bridge-Api-Key), like the HTTP ingress; every answer is scoped to that
 * tenant: another tenant's user or connection is simply not found. Never a token. The operator's global admin API
 * (/api/admin/**) stays as it is.
 */
@RestController
public class TenantConnectionsController {

    /** One clinic the user is connected to. */
    public record ClinicConnection(String id, String name, String status, List<String> missingScopes) {
    }

    /**
     * @param status     connected (at least one usable connection), reauthorization_required (connections, none
     *                   usable), disabled (the integration is switched off for the user), none
     * @param connectUrl a signed connect link when there is no usable connection (and the user is not disabled)
     */
    public record ConnectionStatus(String ehrUserId, String status, List<ClinicConnection> clinics, String connectUrl) {
    }

    public record TenantConnection(String id, String ehrUserId, String clinicId, String clinicName, String resourceOwnerType,
                                   String status, boolean integrationEnabled, Instant expiresAt, Instant updatedAt) {
    }

    public record Toggle(boolean enabled) {
    }

    private final TenantDirectory tenants;
    private final ConnectionRepository connections;
    private final ConnectionTokenService tokens;
    private final Revocations revocations;
    private final IntegrationSwitch integrationSwitch;
    private final AuthorizationNotifier notifier;
    private final OAuthProperties properties;

    public TenantConnectionsController(TenantDirectory tenants, ConnectionRepository connections, ConnectionTokenService tokens,
                                       Revocations revocations, IntegrationSwitch integrationSwitch, AuthorizationNotifier notifier,
                                       OAuthProperties properties) {
        this.tenants = tenants;
        this.connections = connections;
        this.tokens = tokens;
        this.revocations = revocations;
        this.integrationSwitch = integrationSwitch;
        this.notifier = notifier;
        this.properties = properties;
    }

    /** GET /api/users/{ehrUserId}/connection: show "Recommend with Fullscript" or "Connect my Fullscript account". */
    @GetMapping("/api/users/{ehrUserId}/connection")
    public ResponseEntity<?> status(@PathVariable String ehrUserId,
                                    @RequestHeader(name = "X-Bridge-Tenant", required = false) String tenantHeader,
                                    @RequestHeader(name = "X-Bridge-Api-Key", required = false) String apiKey) {
        return asTenant(tenantHeader, apiKey, tenant -> status(tenant, ehrUserId));
    }

    private ResponseEntity<?> status(String tenant, String ehrUserId) {
        List<Connection> mine = connections.findByTenantAndEhrUserIdOrderByCreatedAt(tenant, ehrUserId);
        List<ClinicConnection> clinics = mine.stream()
                .map(c -> new ClinicConnection(c.getClinicId(), c.getClinicName(),
                        c.getStatus() == Connection.Status.ACTIVE ? "connected" : "reauthorization_required",
                        ConnectFlow.missingScopes(c.getScopes(), properties.getRequiredScopes())))
                .toList();
        String status;
        if (!tokens.isEnabled(tenant, ehrUserId)) {
            status = "disabled";
        } else if (mine.stream().anyMatch(c -> c.getStatus() == Connection.Status.ACTIVE)) {
            status = "connected";
        } else {
            status = mine.isEmpty() ? "none" : "reauthorization_required";
        }
        String connectUrl = "none".equals(status) || "reauthorization_required".equals(status)
                ? notifier.connectUrl(tenant, ehrUserId) : null;
        return ResponseEntity.ok(new ConnectionStatus(ehrUserId, status, clinics, connectUrl));
    }

    /** The tenant admin's list: its own users' connections. */
    @GetMapping("/api/tenant/connections")
    public ResponseEntity<?> list(@RequestHeader(name = "X-Bridge-Tenant", required = false) String tenantHeader,
                                  @RequestHeader(name = "X-Bridge-Api-Key", required = false) String apiKey) {
        return asTenant(tenantHeader, apiKey, tenant -> ResponseEntity.ok(connections.findAll().stream()
                .filter(c -> tenant.equals(c.getTenant()))
                .map(c -> new TenantConnection(c.getId(), c.getEhrUserId(), c.getClinicId(), c.getClinicName(), c.getResourceOwnerType(),
                        c.getStatus() == null ? null : c.getStatus().name().toLowerCase(java.util.Locale.ROOT),
                        tokens.isEnabled(c.getTenant(), c.getEhrUserId()), c.getExpiresAt(), c.getUpdatedAt()))
                .toList()));
    }

    @PostMapping("/api/tenant/connections/{id}/revoke")
    public ResponseEntity<?> revokeConnection(@PathVariable String id,
                                              @RequestHeader(name = "X-Bridge-Tenant", required = false) String tenantHeader,
                                              @RequestHeader(name = "X-Bridge-Api-Key", required = false) String apiKey) {
        return asTenant(tenantHeader, apiKey, tenant -> {
            boolean own = connections.findById(id).map(c -> tenant.equals(c.getTenant())).orElse(false);
            if (!own || !revocations.revokeConnection(id, "tenant:" + tenant)) {
                return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no such connection"));
            }
            return ResponseEntity.ok(Map.of("revoked", 1));
        });
    }

    @PostMapping("/api/tenant/users/{ehrUserId}/revoke")
    public ResponseEntity<?> revokeUser(@PathVariable String ehrUserId,
                                        @RequestHeader(name = "X-Bridge-Tenant", required = false) String tenantHeader,
                                        @RequestHeader(name = "X-Bridge-Api-Key", required = false) String apiKey) {
        return asTenant(tenantHeader, apiKey,
                tenant -> ResponseEntity.ok(Map.of("revoked", revocations.revokeUser(tenant, ehrUserId, "tenant:" + tenant))));
    }

    @PutMapping("/api/tenant/users/{ehrUserId}/integration")
    public ResponseEntity<?> toggle(@PathVariable String ehrUserId, @RequestBody Toggle toggle,
                                    @RequestHeader(name = "X-Bridge-Tenant", required = false) String tenantHeader,
                                    @RequestHeader(name = "X-Bridge-Api-Key", required = false) String apiKey) {
        return asTenant(tenantHeader, apiKey,
                tenant -> ResponseEntity.ok(new Toggle(integrationSwitch.set(tenant, ehrUserId, toggle.enabled(), "tenant:" + tenant))));
    }

    /** Every endpoint here: the tenant the API key authenticates, else 401; the action sees only that tenant. */
    private ResponseEntity<?> asTenant(String tenantHeader, String apiKey, Function<String, ResponseEntity<?>> action) {
        Optional<String> tenant = tenants.authenticate(tenantHeader, apiKey);
        return tenant.isEmpty() ? unauthorized() : action.apply(tenant.get());
    }

    private static ResponseEntity<Map<String, String>> unauthorized() {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", "a valid X-Bridge-Tenant and X-Bridge-Api-Key are required"));
    }
}
