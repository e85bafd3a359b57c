package io.fullscriptbridge.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.fullscriptbridge.common.InvalidMessageException;
import org.springframework.stereotype.Component;

/** The configured EHR customers, and which one a message belongs to. */
@Component
public class TenantDirectory {

    /** Tenant ids become queue names (ehr.outbound.&lt;tenant&gt;): keep them to safe characters. */
    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    /** ehr.inbound.&lt;tenant&gt; is a tenant's address: these would be the bridge's own queues. */
    private static final Set<String> RESERVED = Set.of("invalid", "accepted");

    private final Set<String> tenants;
    private final BridgeProperties properties;

    public TenantDirectory(BridgeProperties properties) {
        this.properties = properties;
        this.tenants = Set.copyOf(properties.getTenants().keySet());
        tenants.stream().filter(t -> !TENANT_ID.matcher(t).matches()).findFirst().ifPresent(t -> {
            throw new IllegalStateException("tenant id '" + t + "' must match " + TENANT_ID.pattern());
        });
        tenants.stream().filter(RESERVED::contains).findFirst().ifPresent(t -> {
            throw new IllegalStateException("tenant id '" + t + "' is reserved (ehr.inbound." + t + " is a queue of the bridge)");
        });
    }

    public Set<String> tenants() {
        return tenants;
    }

    public Optional<BridgeProperties.Tenant> tenant(String id) {
        return Optional.ofNullable(id == null ? null : properties.getTenants().get(id));
    }

    /**
     * The EHR calling the bridge's HTTP API: the tenant the headers name (or the only one) when its configured API
     * key matches (constant time); empty when either is wrong, so callers answer 401 without saying which.
     */
    public Optional<String> authenticate(String tenantHeader, String apiKey) {
        String tenant;
        try {
            tenant = resolve(tenantHeader);
        } catch (InvalidMessageException e) {
            return Optional.empty();
        }
        String expected = tenant(tenant).map(BridgeProperties.Tenant::getApiKey).orElse("");
        if (expected.isBlank() || apiKey == null
                || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), apiKey.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return Optional.of(tenant);
    }

    /** The header's tenant, or the only tenant when the header is absent and one is configured. */
    public String resolve(String tenantHeader) {
        if (tenantHeader == null || tenantHeader.isBlank()) {
            if (tenants.size() == 1) {
                return tenants.iterator().next();
            }
            throw new InvalidMessageException("tenant_required",
                    tenants.isEmpty() ? "no tenant is configured (bridge.tenants)"
                            : "the tenant header is required when more than one tenant is configured");
        }
        if (!tenants.contains(tenantHeader)) {
            throw new InvalidMessageException("unknown_tenant", "tenant '" + tenantHeader + "' is not configured");
        }
        return tenantHeader;
    }
}
