package io.fullscriptbridge.ehr;

import java.util.Optional;

import org.apache.camel.Exchange;

/**
 * What an inbound flow knows about the message in hand, as one typed exchange property ({@link #PROPERTY}) instead
 * of loose properties read across packages. Filled in step order: {@code admit} learns the sender, {@code read} the
 * envelope and the canonical message, {@code replyDestinations} the kept reply queue; the patient flow marks a
 * patient it found unchanged. A step that needs something earlier takes the context as a parameter
 * ({@code @ExchangeProperty(InboundContext.PROPERTY)}) and asks for it with a {@code required…} accessor, which fails
 * loudly when the route put the steps in the wrong order. Error handlers, which may run before the read, use
 * {@link #find(Exchange)} and the nullable accessors.
 */
public final class InboundContext {

    public static final String PROPERTY = "bridgeInbound";

    private String sender;
    private InboundEnvelope envelope;
    private PatientMessage message;
    private String replyTo;
    private boolean patientUnchanged;
    private boolean backlogged;
    private String brokerMessageId;
    private String firstStageCopy;
    private boolean firstArrival;
    private String patientHash;

    private InboundContext() {
    }

    /** The exchange's context, made when the first step asks. */
    public static InboundContext of(Exchange exchange) {
        InboundContext context = exchange.getProperty(PROPERTY, InboundContext.class);
        if (context == null) {
            context = new InboundContext();
            exchange.setProperty(PROPERTY, context);
        }
        return context;
    }

    /** The exchange's context if an inbound step made one (an outbound event from elsewhere has none). */
    public static Optional<InboundContext> find(Exchange exchange) {
        return Optional.ofNullable(exchange.getProperty(PROPERTY, InboundContext.class));
    }

    /** The envelope of a read message, or null before the read (or without a context). */
    public static InboundEnvelope envelopeOf(Exchange exchange) {
        return find(exchange).map(InboundContext::getEnvelope).orElse(null);
    }

    void admitted(String sender) {
        this.sender = sender;
    }

    public void read(InboundEnvelope envelope, PatientMessage message) {
        this.envelope = envelope;
        this.message = message;
        this.sender = envelope.tenant();
    }

    /** The broker's id of the message this stage read (JMSMessageID); null over HTTP or in a test without a broker. */
    public void readFrom(String brokerMessageId) {
        this.brokerMessageId = brokerMessageId;
    }

    /** The broker message being processed: the same one delivered again has the same id, also after a broker restart (D91). */
    public String getBrokerMessageId() {
        return brokerMessageId;
    }

    /**
     * Second stage: the broker id of the first stage's message this copy was made from (carried as a header). An
     * unchanged patient answered by the first stage is completed by that message (D93).
     */
    public void carriedFrom(String firstStageCopy) {
        this.firstStageCopy = firstStageCopy;
    }

    public String getFirstStageCopy() {
        return firstStageCopy;
    }

    /**
     * First stage, from the journal: whether this is the message's first arrival (no row for its tenant and
     * messageId yet: not an EHR's re-send, a redelivery or a replay), and the keyed hash of its patient (D50).
     */
    public void journalled(boolean firstArrival, String patientHash) {
        this.firstArrival = firstArrival;
        this.patientHash = patientHash;
    }

    public boolean isFirstArrival() {
        return firstArrival;
    }

    public String getPatientHash() {
        return patientHash;
    }

    public void keepReplyTo(String queue) {
        this.replyTo = queue;
    }

    /** The answer already went to the reply queue (an HL7 ACK), or it is the outbound queue itself. */
    public void dropReplyTo() {
        this.replyTo = null;
    }

    /** The cross-index made no Fullscript call: the patient's data was as Fullscript already has it. */
    public void patientUnchanged() {
        this.patientUnchanged = true;
    }

    /** The first stage sends the message at the lower priority of a tenant with a backlog (D84). */
    public void backlogged() {
        this.backlogged = true;
    }

    public boolean isBacklogged() {
        return backlogged;
    }

    /** The tenant a rejection is answered to: the broker user's (or a bridge sender's named) tenant; null if unknown. */
    public String getSender() {
        return sender;
    }

    public InboundEnvelope getEnvelope() {
        return envelope;
    }

    public PatientMessage getMessage() {
        return message;
    }

    /** The message's type as the contract names it (patient.upsert …): the inbound route's choice of flow. */
    public String getMessageType() {
        return message == null ? null : message.type().wireName();
    }

    /** The EHR's reply queue, by name, after the bridge's checks; null when none is kept. */
    public String getReplyTo() {
        return replyTo;
    }

    public boolean isPatientUnchanged() {
        return patientUnchanged;
    }

    public InboundEnvelope requiredEnvelope() {
        if (envelope == null) {
            throw new IllegalStateException("the inbound message is not read yet: a step runs before inboundMessageReader.read");
        }
        return envelope;
    }

    public PatientMessage requiredMessage() {
        requiredEnvelope();
        return message;
    }

    @Override
    public String toString() {
        // no demographics: the envelope's ids only
        return "InboundContext[messageId=" + (envelope == null ? null : envelope.messageId()) + ", type=" + getMessageType() + "]";
    }
}
