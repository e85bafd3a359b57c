package io.fullscriptbridge.config;

/** Names of the bridge's broker addresses (design §4). */
public final class Queues {
    public static final String EHR_INBOUND = "ehr.inbound";
    public static final String EHR_INBOUND_INVALID = "ehr.inbound.invalid";
    /** Read and valid, grouped by patient (JMSXGroupID) for the concurrent cross-index stage. */
    public static final String EHR_INBOUND_ACCEPTED = "ehr.inbound.accepted";
    public static final String FULLSCRIPT_EVENTS = "fullscript.events";
    /** Tokens to revoke at Fullscript, retried until Fullscript confirms (sealed, never in clear). */
    public static final String FULLSCRIPT_REVOCATIONS = "fullscript.revocations";
    public static final String EHR_OUTBOUND_PREFIX = "ehr.outbound.";
    /** ehr.inbound.&lt;tenant&gt;: where a tenant's broker users send; an exclusive divert forwards to {@link #EHR_INBOUND}. */
    public static final String EHR_INBOUND_PREFIX = "ehr.inbound.";
    /** ehr.reply.&lt;tenant&gt;.*: reply queues a tenant may create and read (JMSReplyTo). */
    public static final String EHR_REPLY_PREFIX = "ehr.reply.";
    /**
     * Set by the broker's divert from ehr.inbound.&lt;tenant&gt; (overwriting whatever the sender put there): the tenant
     * whose broker user sent the message. Absent on messages the bridge itself put on ehr.inbound.
     */
    public static final String AUTHENTICATED_TENANT = "authenticatedTenant";
    /** Set by the broker when its divert forwards a message: the address the sender sent to (ehr.inbound.&lt;tenant&gt;). */
    public static final String ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";
    public static final String DLQ_PREFIX = "DLQ.";

    private Queues() {
    }

    public static String outboundFor(String tenant) {
        return EHR_OUTBOUND_PREFIX + tenant;
    }

    public static String inboundFor(String tenant) {
        return EHR_INBOUND_PREFIX + tenant;
    }

    public static String deadLetterOf(String queue) {
        return DLQ_PREFIX + queue;
    }
}
