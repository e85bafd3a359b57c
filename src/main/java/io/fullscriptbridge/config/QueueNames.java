package io.fullscriptbridge.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The bridge's broker addresses (design §4), one set for the route files ({@code {{bridge.queues.ehr-inbound}}}) and
 * the broker's configuration (BrokerConfiguration, BrokerSecurity). application.yml holds the same values as these
 * defaults: Camel reads its placeholders from the environment, not from this class (QueueNamesTest checks they agree).
 * docker/artemis/broker.properties spells them too (BrokerPropertiesTest).
 */
@ConfigurationProperties(prefix = "bridge.queues")
public class QueueNames {

    /** Where the tenants' inbound addresses divert to; only the bridge's user sends here directly. */
    private String ehrInbound = "ehr.inbound";
    /** Read and valid, grouped by patient (JMSXGroupID) for the concurrent cross-index stage. */
    private String ehrInboundAccepted = "ehr.inbound.accepted";
    /** Refused bodies with errorCode/errorMessage headers (only the bridge's user reads it). */
    private String ehrInboundInvalid = "ehr.inbound.invalid";
    /** Fullscript's events, from the webhook and from polling. */
    private String fullscriptEvents = "fullscript.events";
    /** Tokens to revoke at Fullscript, retried until Fullscript confirms (sealed, never in clear). */
    private String fullscriptRevocations = "fullscript.revocations";
    /** The fixed endpoint of sends whose destination a checked CamelJmsDestinationName header names. */
    private String unrouted = "bridge.unrouted";
    /** ehr.inbound.&lt;tenant&gt;: where a tenant's broker users send; an exclusive divert forwards to ehrInbound. */
    private String ehrInboundPrefix = "ehr.inbound.";
    /** ehr.outbound.&lt;tenant&gt;: every message to a tenant's EHR. */
    private String ehrOutboundPrefix = "ehr.outbound.";
    /** ehr.reply.&lt;tenant&gt;.*: reply queues a tenant may create and read (JMSReplyTo). */
    private String ehrReplyPrefix = "ehr.reply.";

    public String outboundFor(String tenant) {
        return ehrOutboundPrefix + tenant;
    }

    public String inboundFor(String tenant) {
        return ehrInboundPrefix + tenant;
    }

    /** ehr.reply.&lt;tenant&gt;. */
    public String replyPrefixOf(String tenant) {
        return ehrReplyPrefix + tenant + ".";
    }

    public static String deadLetterOf(String queue) {
        return Queues.DLQ_PREFIX + queue;
    }

    /** "ehr.outbound" for the prefix "ehr.outbound.". */
    static String withoutDot(String prefix) {
        return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    public String getEhrInbound() { return ehrInbound; }
    public void setEhrInbound(String ehrInbound) { this.ehrInbound = ehrInbound; }
    public String getEhrInboundAccepted() { return ehrInboundAccepted; }
    public void setEhrInboundAccepted(String ehrInboundAccepted) { this.ehrInboundAccepted = ehrInboundAccepted; }
    public String getEhrInboundInvalid() { return ehrInboundInvalid; }
    public void setEhrInboundInvalid(String ehrInboundInvalid) { this.ehrInboundInvalid = ehrInboundInvalid; }
    public String getFullscriptEvents() { return fullscriptEvents; }
    public void setFullscriptEvents(String fullscriptEvents) { this.fullscriptEvents = fullscriptEvents; }
    public String getFullscriptRevocations() { return fullscriptRevocations; }
    public void setFullscriptRevocations(String fullscriptRevocations) { this.fullscriptRevocations = fullscriptRevocations; }
    public String getUnrouted() { return unrouted; }
    public void setUnrouted(String unrouted) { this.unrouted = unrouted; }
    public String getEhrInboundPrefix() { return ehrInboundPrefix; }
    public void setEhrInboundPrefix(String ehrInboundPrefix) { this.ehrInboundPrefix = ehrInboundPrefix; }
    public String getEhrOutboundPrefix() { return ehrOutboundPrefix; }
    public void setEhrOutboundPrefix(String ehrOutboundPrefix) { this.ehrOutboundPrefix = ehrOutboundPrefix; }
    public String getEhrReplyPrefix() { return ehrReplyPrefix; }
    public void setEhrReplyPrefix(String ehrReplyPrefix) { this.ehrReplyPrefix = ehrReplyPrefix; }
}
