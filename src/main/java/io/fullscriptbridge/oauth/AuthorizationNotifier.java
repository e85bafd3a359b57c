package io.fullscriptbridge.oauth;

import io.fullscriptbridge.config.TenantDirectory;
import io.fullscriptbridge.ehr.EhrOutbound;
import io.fullscriptbridge.ehr.OutboundEvent;
import org.springframework.stereotype.Component;

/**
 * Tells the EHR a user must connect (or reconnect) their Fullscript account: {@code authorization.required} on
 * ehr.outbound.&lt;tenant&gt;, with a connect link the bridge signs when it holds the tenant's launch secret.
 */
@Component
public class AuthorizationNotifier {

    public record AuthorizationRequired(String ehrUserId, String clinicId, String reason, String connectUrl) {
    }

    private final EhrOutbound outbound;
    private final LaunchLinks links;
    private final BridgeUrls urls;
    private final TenantDirectory tenants;
    private final OAuthProperties properties;

    public AuthorizationNotifier(EhrOutbound outbound, LaunchLinks links, BridgeUrls urls, TenantDirectory tenants,
                                 OAuthProperties properties) {
        this.outbound = outbound;
        this.links = links;
        this.urls = urls;
        this.tenants = tenants;
        this.properties = properties;
    }

    public OutboundEvent event(String tenant, String ehrUserId, String clinicId, String reason, String correlationId) {
        return OutboundEvent.of("authorization.required", correlationId, tenant,
                new AuthorizationRequired(ehrUserId, clinicId, reason, connectUrl(tenant, ehrUserId)));
    }

    /** Sends the event now (outside an inbound route: a refresh that found the grant revoked). */
    public void notify(String tenant, String ehrUserId, String clinicId, String reason, String correlationId) {
        outbound.publish(event(tenant, ehrUserId, clinicId, reason, correlationId));
    }

    /** A signed connect link for the user, or null when the tenant has no launch secret to sign with. */
    public String connectUrl(String tenant, String ehrUserId) {
        boolean canSign = tenants.tenant(tenant).map(t -> t.getLaunchSecret() != null && !t.getLaunchSecret().isBlank()).orElse(false);
        if (!canSign) {
            return null;
        }
        return links.signedUrl(urls.publicBaseUrl(), BridgeUrls.CONNECT_PATH,
                new LaunchLinks.Launch("connect", tenant, ehrUserId, links.expiresIn(properties.getIssuedLinkLifetime()), null));
    }
}
