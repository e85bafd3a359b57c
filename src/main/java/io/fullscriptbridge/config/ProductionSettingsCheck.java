package io.fullscriptbridge.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * The prod profile fails fast and completely: before anything starts, every setting it needs is checked, and the
 * bridge exits with one message naming all that are missing (not the first placeholder Spring trips over).
 */
public class ProductionSettingsCheck implements EnvironmentPostProcessor, Ordered {

    /** A setting the prod profile needs: its property, the environment variable that usually sets it, and why. */
    public record Required(String property, String variable, String purpose) {
    }

    static final List<Required> REQUIRED = List.of(
            new Required("spring.datasource.url", "DATABASE_URL", "the PostgreSQL database (jdbc:postgresql://host:5432/bridge)"),
            new Required("spring.datasource.username", "DATABASE_USER", "the database user"),
            new Required("spring.datasource.password", "DATABASE_PASSWORD", "the database user's password"),
            new Required("spring.artemis.broker-url", "ARTEMIS_URL", "the external Artemis broker (tcp://host:61616)"),
            new Required("spring.artemis.user", "ARTEMIS_USER", "the bridge's own broker user"),
            new Required("spring.artemis.password", "ARTEMIS_PASSWORD", "the bridge's broker password"),
            new Required("bridge.security.token-key", "BRIDGE_SECURITY_TOKEN_KEY", "the AES-256 key sealing OAuth tokens (base64 of 32 random bytes)"),
            new Required("bridge.admin.username", "BRIDGE_ADMIN_USERNAME", "the admin API's user"),
            new Required("bridge.admin.password", "BRIDGE_ADMIN_PASSWORD", "the admin API's password"),
            new Required("bridge.fullscript.client-id", "FULLSCRIPT_CLIENT_ID", "the OAuth app's client id (Fullscript's API dashboard)"),
            new Required("bridge.fullscript.client-secret", "FULLSCRIPT_CLIENT_SECRET", "the OAuth app's client secret"),
            new Required("bridge.oauth.public-base-url", "BRIDGE_OAUTH_PUBLIC_BASE_URL", "this bridge as browsers reach it (https://…), for the OAuth redirect"),
            new Required("bridge.webhook.challenge-token", "FULLSCRIPT_WEBHOOK_CHALLENGE_TOKEN", "the webhook challenge token (Fullscript's API dashboard)"),
            new Required("bridge.webhook.signature-secrets", "FULLSCRIPT_WEBHOOK_SECRETS", "the webhook signing secret(s), comma-separated"));

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (!env.acceptsProfiles(Profiles.of("prod"))) {
            return;
        }
        List<String> missing = missing(env);
        if (!missing.isEmpty()) {
            throw new MissingSettingsException(missing);
        }
    }

    /** One line per missing setting, in a stable order. */
    static List<String> missing(ConfigurableEnvironment env) {
        List<String> missing = new ArrayList<>();
        for (Required r : REQUIRED) {
            if (blank(value(env, r.property()))) {
                missing.add(r.variable() + " (" + r.property() + "): " + r.purpose());
            }
        }
        Map<String, BridgeProperties.Tenant> tenants;
        try {
            tenants = Binder.get(env).bind("bridge.tenants", Bindable.mapOf(String.class, BridgeProperties.Tenant.class)).orElse(Map.of());
        } catch (RuntimeException unresolved) {
            missing.add("bridge.tenants: " + rootMessage(unresolved));
            return missing;
        }
        if (tenants.isEmpty()) {
            missing.add("bridge.tenants.<tenant>.*: at least one EHR tenant (launch-secret, api-key), e.g. in a mounted application-prod.yml");
        }
        tenants.forEach((id, tenant) -> {
            if (blank(tenant.getLaunchSecret())) {
                missing.add("bridge.tenants." + id + ".launch-secret: the secret that signs the tenant's launch links");
            }
            if (blank(tenant.getApiKey())) {
                missing.add("bridge.tenants." + id + ".api-key: the tenant's key for the HTTP ingress and its API");
            }
        });
        return missing;
    }

    private static String value(ConfigurableEnvironment env, String property) {
        try {
            return env.getProperty(property);
        } catch (IllegalArgumentException unresolvedPlaceholder) {
            return null;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Every setting the prod profile misses, at once. */
    public static class MissingSettingsException extends IllegalStateException {
        private final List<String> missing;

        MissingSettingsException(List<String> missing) {
            super("the prod profile cannot start; missing settings:\n  - " + String.join("\n  - ", missing));
            this.missing = List.copyOf(missing);
        }

        public List<String> missing() {
            return missing;
        }
    }
}
