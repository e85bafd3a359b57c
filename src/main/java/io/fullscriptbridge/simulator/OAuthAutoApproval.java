package io.fullscriptbridge.simulator;

import java.util.concurrent.atomic.AtomicReference;

import org.springframework.stereotype.Component;

/**
 * The test switch for the consent page: while set, {@code GET /api/oauth/authorize} skips the page and redirects at
 * once, with a code for the chosen membership or with {@code error=access_denied}. Stays set until cleared.
 */
@Component
@ConditionalOnSimulatorEnabled
public class OAuthAutoApproval {

    /** Approve as {@code membershipId}, or deny when {@code deny} is true. */
    public record Decision(String membershipId, boolean deny) {
        public static Decision approve(String membershipId) {
            return new Decision(membershipId, false);
        }

        public static Decision denyAll() {
            return new Decision(null, true);
        }
    }

    private final AtomicReference<Decision> decision = new AtomicReference<>();

    public void set(Decision newDecision) {
        decision.set(newDecision);
    }

    /** @return the current decision, or {@code null} when the consent page is shown */
    public Decision current() {
        return decision.get();
    }

    public void clear() {
        decision.set(null);
    }
}
