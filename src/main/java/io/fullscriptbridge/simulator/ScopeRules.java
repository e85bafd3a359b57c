package io.fullscriptbridge.simulator;

import java.util.Optional;

/**
 * Which scope a simulated endpoint needs (shared/fullscript-api.md §2 scopes, §5 dynamic links, §7 events). Checked
 * against the grant's scope after the bearer token is accepted; seeded tokens and default grants hold every scope,
 * so only a test that narrows the app's scopes ({@link SimulatorTokens#setAppScopes}) meets a refusal. Endpoints not
 * listed are not checked (clinic, metadata, users, OAuth).
 */
final class ScopeRules {

    private ScopeRules() {
    }

    /** @param endpointKey e.g. {@code POST /api/clinic/patients} */
    static Optional<String> required(String endpointKey) {
        int space = endpointKey.indexOf(' ');
        String method = endpointKey.substring(0, space);
        String path = endpointKey.substring(space + 1);
        boolean write = !method.equals("GET") && !method.equals("HEAD");
        if (path.startsWith("/api/clinic/dynamic_links")) {
            return Optional.of("clinic:write");
        }
        if (path.matches("/api/clinic/patients/[^/]+/treatment_plans.*") || path.startsWith("/api/clinic/treatment_plans")) {
            return Optional.of(write ? "clinic:write" : "patients:treatment_plan_history");
        }
        if (path.startsWith("/api/clinic/patients") || path.startsWith("/api/clinic/search/patients")) {
            return Optional.of(write ? "patients:write" : "patients:read");
        }
        if ((path.startsWith("/api/clinic/practitioners") || path.startsWith("/api/clinic/staff")) && write) {
            return Optional.of("clinic:write");
        }
        if (path.startsWith("/api/events/patients")) {
            return Optional.of("patients:read");
        }
        if (path.startsWith("/api/events/treatment_plans")) {
            return Optional.of("patients:treatment_plan_history");
        }
        if (path.startsWith("/api/events/orders")) {
            return Optional.of("patients:order_history");
        }
        return Optional.empty();
    }
}
