package io.fullscriptbridge.oauth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.fullscriptbridge.config.BridgeProperties;
import io.fullscriptbridge.config.TenantDirectory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Links the EHR signs for one of its users, so nobody can attach a Fullscript account to someone else's EHR user
 * or revoke it for them. The signature is hex(HMAC-SHA256(tenant launch secret, canonical string)) with
 * canonical string {@code action=<a>&tenant=<t>&ehrUserId=<u>&expires=<unix seconds>&returnUrl=<url or empty>}
 * (values unencoded). Actions: connect, revoke, enable, disable.
 */
@Component
public class LaunchLinks {

    public record Launch(String action, String tenant, String ehrUserId, long expires, String returnUrl) {
        String canonical() {
            return "action=" + action + "&tenant=" + tenant + "&ehrUserId=" + ehrUserId + "&expires=" + expires
                    + "&returnUrl=" + (returnUrl == null ? "" : returnUrl);
        }
    }

    /** Why a link was refused; the code is a metric tag and shown to the user. */
    public static class RefusedException extends RuntimeException {
        private final String reason;

        public RefusedException(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private final TenantDirectory tenants;
    private final OAuthProperties properties;
    private final Clock clock;

    @Autowired
    public LaunchLinks(TenantDirectory tenants, OAuthProperties properties) {
        this(tenants, properties, Clock.systemUTC());
    }

    LaunchLinks(TenantDirectory tenants, OAuthProperties properties, Clock clock) {
        this.tenants = tenants;
        this.properties = properties;
        this.clock = clock;
    }

    /** @throws RefusedException unless the signature, expiry, tenant and return URL are all good */
    public Launch verify(Launch launch, String signature) {
        if (launch.tenant() == null || launch.ehrUserId() == null || launch.ehrUserId().isBlank() || signature == null) {
            throw new RefusedException("incomplete", "the link is incomplete");
        }
        BridgeProperties.Tenant tenant = tenants.tenant(launch.tenant())
                .orElseThrow(() -> new RefusedException("unknown_tenant", "the link names an unknown EHR"));
        if (tenant.getLaunchSecret() == null || tenant.getLaunchSecret().isBlank()) {
            throw new RefusedException("no_secret", "this EHR has no launch secret configured");
        }
        byte[] expected = HexFormat.of().parseHex(sign(tenant.getLaunchSecret(), launch.canonical()));
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature);
        } catch (IllegalArgumentException e) {
            throw new RefusedException("bad_signature", "the link's signature is not valid");
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw new RefusedException("bad_signature", "the link's signature is not valid");
        }
        long now = Instant.now(clock).getEpochSecond();
        if (launch.expires() < now) {
            throw new RefusedException("expired", "the link has expired; open it again from the EHR");
        }
        if (launch.expires() > now + properties.getMaxLaunchLinkLifetime().toSeconds()) {
            throw new RefusedException("too_long_lived", "the link's expiry is too far in the future");
        }
        if (launch.returnUrl() != null && !launch.returnUrl().isBlank()
                && tenant.getReturnUrls().stream().noneMatch(prefix -> launch.returnUrl().startsWith(prefix))) {
            throw new RefusedException("return_url_not_allowed", "the return URL is not allowed for this EHR");
        }
        return launch;
    }

    /** A signed link to this bridge, as the EHR would make it (used in authorization.required and tests). */
    public String signedUrl(String baseUrl, String path, Launch launch) {
        String secret = tenants.tenant(launch.tenant()).map(BridgeProperties.Tenant::getLaunchSecret)
                .filter(s -> !s.isBlank())
                .orElseThrow(() -> new IllegalStateException("tenant " + launch.tenant() + " has no launch secret"));
        return baseUrl + path + "?action=" + enc(launch.action()) + "&tenant=" + enc(launch.tenant()) + "&ehrUserId=" + enc(launch.ehrUserId())
                + "&expires=" + launch.expires()
                + (launch.returnUrl() == null ? "" : "&returnUrl=" + enc(launch.returnUrl()))
                + "&sig=" + sign(secret, launch.canonical());
    }

    public long expiresIn(java.time.Duration lifetime) {
        return Instant.now(clock).plus(lifetime).getEpochSecond();
    }

    public static String sign(String secret, String canonical) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
