package io.fullscriptbridge.oauth;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admin API for authorizations (behind HTTP Basic, see AdminSecurityConfiguration). Never shows a token. */
@RestController
@RequestMapping("/api/admin")
public class AdminConnectionsController {

    public record ConnectionView(String id, String tenant, String ehrUserId, String clinicId, String resourceOwnerId,
                                 String resourceOwnerType, String scopes, String status, boolean integrationEnabled,
                                 Instant expiresAt, Instant updatedAt) {
    }

    public record ParkedView(Long id, String tenant, String ehrUserId, String messageId, String reason, Instant parkedAt) {
    }

    public record Toggle(boolean enabled) {
    }

    private final ConnectionRepository connections;
    private final ConnectionTokenService tokens;
    private final Revocations revocations;
    private final IntegrationSwitch integrationSwitch;
    private final ParkedMessageRepository parked;

    public AdminConnectionsController(ConnectionRepository connections, ConnectionTokenService tokens, Revocations revocations,
                                      IntegrationSwitch integrationSwitch, ParkedMessageRepository parked) {
        this.connections = connections;
        this.tokens = tokens;
        this.revocations = revocations;
        this.integrationSwitch = integrationSwitch;
        this.parked = parked;
    }

    @GetMapping("/connections")
    public List<ConnectionView> connections(@RequestParam(required = false) String tenant) {
        return connections.findAll().stream()
                .filter(c -> tenant == null || tenant.equals(c.getTenant()))
                .map(c -> new ConnectionView(c.getId(), c.getTenant(), c.getEhrUserId(), c.getClinicId(), c.getResourceOwnerId(),
                        c.getResourceOwnerType(), c.getScopes(), c.getStatus().name(), tokens.isEnabled(c.getTenant(), c.getEhrUserId()),
                        c.getExpiresAt(), c.getUpdatedAt()))
                .toList();
    }

    @PostMapping("/connections/{id}/revoke")
    public ResponseEntity<Map<String, Integer>> revokeConnection(@PathVariable String id) {
        return revocations.revokeConnection(id, "admin") ? ResponseEntity.ok(Map.of("revoked", 1)) : ResponseEntity.notFound().build();
    }

    /** Everything one user authorized (an employee leaving). */
    @PostMapping("/users/{tenant}/{ehrUserId}/revoke")
    public Map<String, Integer> revokeUser(@PathVariable String tenant, @PathVariable String ehrUserId) {
        return Map.of("revoked", revocations.revokeUser(tenant, ehrUserId, "admin"));
    }

    /** The master switch; {@code confirm=yes} guards against a stray call. */
    @PostMapping("/connections/revoke-all")
    public ResponseEntity<Map<String, Object>> revokeAll(@RequestParam(required = false) String confirm) {
        if (!"yes".equals(confirm)) {
            return ResponseEntity.badRequest().body(Map.of("error", "revoking every connection needs confirm=yes"));
        }
        return ResponseEntity.ok(Map.of("revoked", revocations.revokeAll("admin")));
    }

    @PutMapping("/users/{tenant}/{ehrUserId}/integration")
    public Toggle toggle(@PathVariable String tenant, @PathVariable String ehrUserId, @RequestBody Toggle toggle) {
        return new Toggle(integrationSwitch.set(tenant, ehrUserId, toggle.enabled(), "admin"));
    }

    @GetMapping("/parked")
    public List<ParkedView> parked() {
        return parked.findByReplayedAtIsNullOrderById().stream()
                .map(p -> new ParkedView(p.getId(), p.getTenant(), p.getEhrUserId(), p.getMessageId(), p.getReason(), p.getParkedAt()))
                .toList();
    }
}
