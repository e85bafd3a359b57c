package io.fullscriptbridge.oauth;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** URLs of this bridge that browsers follow: the OAuth callback and the links it signs. */
@Component
public class BridgeUrls {

    public static final String CONNECT_PATH = "/oauth/fullscript/connect";
    public static final String CALLBACK_PATH = "/oauth/fullscript/callback";

    private final OAuthProperties properties;
    private final Environment environment;

    public BridgeUrls(OAuthProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
    }

    /** Resolved at call time: in tests the port is known only after start-up. */
    public String publicBaseUrl() {
        String configured = properties.getPublicBaseUrl();
        if (configured != null && !configured.isBlank()) {
            return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
        }
        return "http://localhost:" + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
    }

    public String redirectUri() {
        String configured = properties.getRedirectUri();
        return configured != null && !configured.isBlank() ? configured : publicBaseUrl() + CALLBACK_PATH;
    }
}
