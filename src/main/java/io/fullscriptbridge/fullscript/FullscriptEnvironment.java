package io.fullscriptbridge.fullscript;

import java.util.Locale;

import io.fullscriptbridge.config.FullscriptProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where Fullscript is: the API base for the configured region and environment (shared/fullscript-api.md §1),
 * an explicit override, or the built-in simulator on this server's own port.
 */
@Component
public class FullscriptEnvironment {

    public static final String SIMULATOR_PATH = "/simulator/fullscript/api";

    private final FullscriptProperties properties;
    private final Environment environment;

    public FullscriptEnvironment(FullscriptProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
    }

    /** e.g. https://api-us-snd.fullscript.io/api ; no trailing slash. */
    public String apiBaseUrl() {
        String override = properties.getApiBaseUrl();
        if (override != null && !override.isBlank()) {
            return stripTrailingSlash(override);
        }
        if (environment.getProperty("bridge.simulator.enabled", Boolean.class, false)) {
            // resolved at call time: in tests the port is only known once the web server has started
            String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
            return "http://127.0.0.1:" + port + SIMULATOR_PATH;
        }
        String region = properties.getRegion().toLowerCase(Locale.ROOT);
        if (!region.equals("us") && !region.equals("ca")) {
            throw new IllegalStateException("bridge.fullscript.region must be us or ca");
        }
        return switch (properties.getEnvironment().toLowerCase(Locale.ROOT)) {
            case "sandbox" -> "https://api-" + region + "-snd.fullscript.io/api";
            case "production" -> "https://api-" + region + ".fullscript.com/api";
            default -> throw new IllegalStateException("bridge.fullscript.environment must be sandbox or production");
        };
    }

    public String authorizeUrl() {
        return apiBaseUrl() + "/oauth/authorize";
    }

    public String tokenUrl() {
        return apiBaseUrl() + "/oauth/token";
    }

    public String revokeUrl() {
        return apiBaseUrl() + "/oauth/revoke";
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
