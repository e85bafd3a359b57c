package io.fullscriptbridge.config;

/**
 * Fixed names of the broker's own making. The bridge's addresses are settings: {@link QueueNames} (bridge.queues.*).
 */
public final class Queues {
    /**
     * Set by the broker's divert from ehr.inbound.&lt;tenant&gt; (overwriting whatever the sender put there): the tenant
     * whose broker user sent the message. Absent on messages the bridge itself put on ehr.inbound.
     */
    public static final String AUTHENTICATED_TENANT = "authenticatedTenant";
    /** Set by the broker when its divert forwards a message: the address the sender sent to (ehr.inbound.&lt;tenant&gt;). */
    public static final String ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";
    /** Artemis' dead-letter prefix: DLQ.&lt;queue&gt;. */
    public static final String DLQ_PREFIX = "DLQ.";

    private Queues() {
    }
}
