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
    public static final String DLQ_PREFIX = "DLQ.";

    private Queues() {
    }

    public static String outboundFor(String tenant) {
        return EHR_OUTBOUND_PREFIX + tenant;
    }

    public static String deadLetterOf(String queue) {
        return DLQ_PREFIX + queue;
    }
}
