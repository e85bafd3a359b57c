package io.fullscriptbridge.oauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.fullscriptbridge.config.BridgeProperties;
import io.fullscriptbridge.config.TenantDirectory;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * Links the EHR signs for one of its users, so nobody can attach a Fullscript account to someone else's EHR user
 * or revoke it for them. The signature is hex(HMAC-SHA256(tenant launch secret, canonical string)) with the
 * canonical string
 * <pre>action=&lt;a&gt;&amp;tenant=&lt;t&gt;&amp;ehrUserId=&lt;u&gt;&amp;expires=&lt;unix seconds&gt;&amp;nonce=&lt;n&gt;&amp;returnUrl=&lt;url or empty&gt;</pre>
 * keys in this fixed order, every value percent-encoded as RFC 3986 (UTF-8; only {@code A-Z a-z 0-9 - . _ ~} stay
 * as they are, hex in upper case), so a value holding {@code &expires=…} cannot be read as another field.
 * Actions: connect, revoke, enable, disable, recommend; recommend appends its own fields after these
 * ({@code &patientId=<p>&encounterId=<e or empty>}, then {@code &practitionerEhrUserId=<s>} only when present).
 * Each link works once: its nonce (16 to 128 characters of {@code A-Z a-z 0-9 - _}) is consumed on first use.
 */
@Component
public class LaunchLinks {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,128}");

    /** @param extra an action's own signed fields, in their fixed order, after the common ones (empty for most actions) */
    public record Launch(String action, String tenant, String ehrUserId, long expires, String nonce, String returnUrl,
                         Map<String, String> extra) {

        public Launch {
            extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        }

        public Launch(String action, String tenant, String ehrUserId, long expires, String nonce, String returnUrl) {
            this(action, tenant, ehrUserId, expires, nonce, returnUrl, Map.of());
        }

        /** A new link with a fresh nonce, as the bridge (or a test) makes one. */
        public Launch(String action, String tenant, String ehrUserId, long expires, String returnUrl) {
            this(action, tenant, ehrUserId, expires, newNonce(), returnUrl);
        }

        /** The signed fields in their fixed order, values not yet encoded. */
        Map<String, String> fields() {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("action", action);
            fields.put("tenant", tenant);
            fields.put("ehrUserId", ehrUserId);
            fields.put("expires", String.valueOf(expires));
            fields.put("nonce", nonce);
            fields.put("returnUrl", returnUrl);
            fields.putAll(extra);
            return fields;
        }

        public String canonical() {
            return fields().entrySet().stream().map(e -> e.getKey() + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
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
    private final LaunchNonces nonces;
    private final Clock clock;

    public LaunchLinks(TenantDirectory tenants, OAuthProperties properties, LaunchNonces nonces, Clock clock) {
        this.tenants = tenants;
        this.properties = properties;
        this.nonces = nonces;
        this.clock = clock;
    }

    /**
     * Checks without using the link up (a confirmation page shown before the POST that acts).
     * @throws RefusedException unless the signature, expiry, nonce, tenant and return URL are all good
     */
    public Launch verify(Launch launch, String signature) {
        if (launch.tenant() == null || launch.ehrUserId() == null || launch.ehrUserId().isBlank() || signature == null
                || launch.nonce() == null) {
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
        if (!NONCE.matcher(launch.nonce()).matches()) {
            throw new RefusedException("bad_nonce", "the link's nonce must be 16 to 128 letters, digits, '-' or '_'");
        }
        long now = Instant.now(clock).getEpochSecond();
        if (launch.expires() < now) {
            throw new RefusedException("expired", "the link has expired; open it again from the EHR");
        }
        if (launch.expires() > now + properties.getMaxLaunchLinkLifetime().toSeconds()) {
            throw new RefusedException("too_long_lived", "the link's expiry is too far in the future");
        }
        if (launch.returnUrl() != null && !launch.returnUrl().isBlank() && !ReturnUrls.allowed(launch.returnUrl(), tenant.getReturnUrls())) {
            throw new RefusedException("return_url_not_allowed", "the return URL is not allowed for this EHR");
        }
        if (nonces.used(launch.tenant(), launch.nonce())) {
            throw new RefusedException("reused_link", "this link was already used; open it again from the EHR");
        }
        return launch;
    }

    /** Verifies and uses the link up: a second use of the same link (or a concurrent one) is refused. */
    public Launch consume(Launch launch, String signature) {
        verify(launch, signature);
        if (!nonces.consume(launch.tenant(), launch.nonce(), launch.action(), launch.expires())) {
            throw new RefusedException("reused_link", "this link was already used; open it again from the EHR");
        }
        return launch;
    }

    /** A signed link to this bridge, as the EHR would make it (used in authorization.required and tests). */
    public String signedUrl(String baseUrl, String path, Launch launch) {
        String secret = tenants.tenant(launch.tenant()).map(BridgeProperties.Tenant::getLaunchSecret)
                .filter(s -> !s.isBlank())
                .orElseThrow(() -> new IllegalStateException("tenant " + launch.tenant() + " has no launch secret"));
        String query = launch.fields().entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        return baseUrl + path + "?" + query + "&sig=" + sign(secret, launch.canonical());
    }

    public long expiresIn(Duration lifetime) {
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

    public static String newNonce() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** RFC 3986 percent-encoding of one value (null = empty): what the canonical string and the link's query use. */
    static String encode(String value) {
        return value == null ? "" : UriUtils.encode(value, StandardCharsets.UTF_8);
    }
}
