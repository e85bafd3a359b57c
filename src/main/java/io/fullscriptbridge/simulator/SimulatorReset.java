package io.fullscriptbridge.simulator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Puts the whole simulator back to its seed state: clinic data (treatment plans and orders included), tokens and
 * codes, request counts, faults, the auto-approve switch, events, webhook deliveries (pending ones are cancelled)
 * and settings (back to {@code bridge.simulator.webhook.*}), and dynamic links. Tests call {@link #resetAll()} (or {@code POST /simulator/admin/reset}) before each test.
 */
@Component
@ConditionalOnSimulatorEnabled
public class SimulatorReset {

    private static final Logger log = LoggerFactory.getLogger(SimulatorReset.class);

    private final SimulatorState state;
    private final SimulatorTokens tokens;
    private final SimulatorRequestLog requestLog;
    private final FaultInjector faults;
    private final OAuthAutoApproval autoApproval;
    private final SimulatorEvents events;
    private final SimulatorWebhooks webhooks;
    private final SimulatorDynamicLinks dynamicLinks;
    private final ApplicationEventPublisher publisher;

    /** Published after every reset: whoever holds the simulator's tokens (the bridge's dev connections) takes the seeded ones again. */
    public record Done() {
    }

    public SimulatorReset(SimulatorState state, SimulatorTokens tokens, SimulatorRequestLog requestLog,
                          FaultInjector faults, OAuthAutoApproval autoApproval, SimulatorEvents events,
                          SimulatorWebhooks webhooks, SimulatorDynamicLinks dynamicLinks, ApplicationEventPublisher publisher) {
        this.state = state;
        this.tokens = tokens;
        this.requestLog = requestLog;
        this.faults = faults;
        this.autoApproval = autoApproval;
        this.events = events;
        this.webhooks = webhooks;
        this.dynamicLinks = dynamicLinks;
        this.publisher = publisher;
    }

    public void resetAll() {
        webhooks.reset();
        events.reset();
        dynamicLinks.reset();
        faults.reset();
        autoApproval.clear();
        state.reset();
        tokens.reset();
        requestLog.reset();
        log.debug("simulator reset to seed state");
        publisher.publishEvent(new Done());
    }
}
