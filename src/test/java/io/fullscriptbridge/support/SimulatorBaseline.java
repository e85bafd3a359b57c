package io.fullscriptbridge.support;

import io.fullscriptbridge.simulator.SimulatorReset;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Every class of the shared context starts from the simulator's seed state, whatever the class before it left
 * (expired or revoked seed tokens, faults, webhook settings): the simulator is reset before the class, and with it
 * the dev connections take the seeded tokens again ({@code SimulatorReset.Done}). Classes count only their own
 * requests (the request log's entries that mention their ids), so leftovers still in flight cannot change a count.
 */
public class SimulatorBaseline implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        SpringExtension.getApplicationContext(context).getBean(SimulatorReset.class).resetAll();
    }
}
