package io.fullscriptbridge.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.apache.activemq.artemis.api.core.management.QueueControl;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * The embedded broker's queues as the broker sees them, read without consuming. For "nothing else arrived" checks:
 * once the bridge has nothing left in flight ({@link #awaitHandled}), whatever its handling sent is on its queue
 * already (a message's sends commit with its consumption, one JMS transaction), so a {@link #count} right then says
 * whether there is more, where a receive would have to wait out its timeout.
 */
public final class BrokerQueues {

    /** The EHR pipeline's two stages (ehr.inbound.&lt;tenant&gt; diverts into the first). */
    public static final String[] EHR_INBOUND = {"ehr.inbound", "ehr.inbound.accepted"};

    private final EmbeddedActiveMQ artemis;

    public BrokerQueues(EmbeddedActiveMQ artemis) {
        this.artemis = artemis;
    }

    /** Until no message waits on, or is being delivered from, any of the queues (each delivery committed or rolled back). */
    public void awaitHandled(String... queues) {
        await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).until(() -> {
            for (String name : queues) {
                Queue queue = artemis.getActiveMQServer().locateQueue(name);
                if (queue != null && queue.getMessageCount() + queue.getDeliveringCount() > 0) {
                    return false;
                }
            }
            return true;
        });
    }

    /** The messages on the queue now that match the JMS selector (0 for a queue that does not exist). */
    public long count(String queue, String selector) {
        Object control = artemis.getActiveMQServer().getManagementService().getResource(ResourceNames.QUEUE + queue);
        if (control == null) {
            return 0;
        }
        try {
            return ((QueueControl) control).countMessages(selector);
        } catch (Exception e) {
            throw new IllegalStateException("messages on " + queue + " not counted: " + e, e);
        }
    }
}
