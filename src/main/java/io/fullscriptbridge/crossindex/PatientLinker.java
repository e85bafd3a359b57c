package io.fullscriptbridge.crossindex;

import java.util.Optional;

import io.fullscriptbridge.ehr.InboundContext;
import io.fullscriptbridge.ehr.InboundEnvelope;
import io.fullscriptbridge.ehr.OutboundEvent;
import io.fullscriptbridge.ehr.MessageType;
import io.fullscriptbridge.ehr.PatientMessage;
import io.fullscriptbridge.fullscript.AccessToken;
import io.fullscriptbridge.fullscript.AccessTokenProvider;
import io.fullscriptbridge.fullscript.ActingUser;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The patient steps of the inbound flow (the route chooses by message type; treatment_plan.link goes to the
 * {@link TreatmentPlanLinker}): patient.upsert picks the acting user's connection (and so the clinic), lets the
 * {@link PatientMatcher} find or create the Fullscript patient, and answers patient.linked or
 * patient.review_required; patient.merge moves the cross-index.
 */
@Component("patientLinker")
public class PatientLinker {

    private static final Logger log = LoggerFactory.getLogger(PatientLinker.class);

    private final PatientMatcher matcher;
    private final ReviewQueue reviews;
    private final AccessTokenProvider tokens;
    private final PatientMerger merger;
    private final PatientOrderGuard order;
    private final IdempotentRepository keys;
    private final boolean answerUnchangedInFirstStage;

    public PatientLinker(PatientMatcher matcher, ReviewQueue reviews, AccessTokenProvider tokens, PatientMerger merger,
                         PatientOrderGuard order, @Qualifier("inboundIdempotentRepository") IdempotentRepository keys,
                         @Value("${bridge.inbound.unchanged-in-first-stage:true}") boolean answerUnchangedInFirstStage) {
        this.matcher = matcher;
        this.order = order;
        this.keys = keys;
        this.answerUnchangedInFirstStage = answerUnchangedInFirstStage;
        this.merger = merger;
        this.reviews = reviews;
        this.tokens = tokens;
    }

    /**
     * patient.upsert. A known patient whose demographics had not changed is answered without any Fullscript call and
     * marked so in the context (the journal row says UNCHANGED, counted as filtered; D64).
     */
    public OutboundEvent link(@ExchangeProperty(InboundContext.PROPERTY) InboundContext inbound) {
        InboundEnvelope envelope = inbound.requiredEnvelope();
        PatientMessage message = inbound.requiredMessage();
        ActingUser user = new ActingUser(envelope.tenant(), envelope.ehrUserId(), envelope.clinicId());
        String clinicId = user.token(tokens).clinicId();
        PatientMatcher.Outcome outcome = matcher.sync(envelope.tenant(), user, clinicId, message.patient());
        if (outcome instanceof PatientMatcher.NeedsReview review) {
            return reviews.raise(envelope.tenant(), user, clinicId, envelope.messageId(), message.patient(), review, message.warnings());
        }
        if (outcome instanceof PatientMatcher.NotLinked notLinked) {
            log.info("patient not linked messageId={} tenant={} clinicId={} reason={}", envelope.messageId(), envelope.tenant(),
                    clinicId, notLinked.reason());
            return OutboundEvent.of("patient.not_linked", envelope.messageId(), envelope.tenant(),
                    new OutboundEvent.PatientNotLinked(message.ehrPatientId(), clinicId, notLinked.reason(), message.warnings()));
        }
        PatientMatcher.Linked linked = (PatientMatcher.Linked) outcome;
        if (linked.unchanged()) {
            inbound.patientUnchanged();
            // nothing changed anywhere: the journal (UNCHANGED) and bridge.inbound.messages{outcome=filtered} record it;
            // a line per message would be most of the log of a resending EHR (D89)
            log.debug("patient unchanged messageId={} tenant={} clinicId={} fullscriptPatientId={}",
                    envelope.messageId(), envelope.tenant(), clinicId, linked.fullscriptPatientId());
        } else {
            log.info("patient linked messageId={} tenant={} clinicId={} fullscriptPatientId={} matchedBy={} warnings={}",
                    envelope.messageId(), envelope.tenant(), clinicId, linked.fullscriptPatientId(), linked.matchedBy(), message.warnings());
        }
        return linkedAnswer(envelope, message, clinicId, linked);
    }

    private static OutboundEvent linkedAnswer(InboundEnvelope envelope, PatientMessage message, String clinicId, PatientMatcher.Linked linked) {
        return OutboundEvent.of("patient.linked", envelope.messageId(), envelope.tenant(),
                new OutboundEvent.PatientLinked(message.ehrPatientId(), clinicId, linked.fullscriptPatientId(), linked.matchedBy(),
                        message.warnings()));
    }

    /**
     * First stage (D93): a patient.upsert the per-patient stage would only find unchanged is answered right here, one
     * broker hop and one disk sync less. Only when all of these hold, else nothing changes and the message goes on to
     * the per-patient stage as before:
     * <ul>
     * <li>its first arrival (no journal row before: not an EHR's re-send, a redelivery or a replay) and no idempotency
     * key for it;</li>
     * <li>the acting user's integration is on and their token usable without a refresh (no Fullscript call here);</li>
     * <li>no other message of the patient is in flight: that one may be applying older data in the per-patient stage
     * right now, or wait there for a redelivery. Read before the cross-index: a message of the patient that ended has
     * written the cross-index before its journal row ended, so what is read next is what it left;</li>
     * <li>the cross-index knows the patient in the user's clinic with the same demographics.</li>
     * </ul>
     * Then the body is the same patient.linked answer the per-patient stage gives, and the context marks the patient
     * unchanged ({@link #answeredHere}).
     */
    public void answerIfUnchanged(@ExchangeProperty(InboundContext.PROPERTY) InboundContext inbound, Exchange exchange) {
        InboundEnvelope envelope = inbound.requiredEnvelope();
        PatientMessage message = inbound.requiredMessage();
        Message in = exchange.getMessage();
        if (!answerUnchangedInFirstStage || message.type() != MessageType.PATIENT_UPSERT || !inbound.isFirstArrival()
                || inbound.getPatientHash() == null || in.getHeader("bridgeReplay") != null
                || in.getHeader(PatientOrderGuard.INGRESS_SEQ) == null) {
            return;
        }
        Optional<AccessToken> token = tokens.tokenWithoutCall(new ActingUser(envelope.tenant(), envelope.ehrUserId(), envelope.clinicId()));
        if (token.isEmpty()
                || order.anotherInFlight(envelope.tenant(), envelope.messageId(), inbound.getPatientHash())
                || keys.contains(envelope.tenant() + ":" + envelope.messageId())) {
            return;
        }
        String clinicId = token.get().clinicId();
        matcher.unchanged(envelope.tenant(), clinicId, message.patient()).ifPresent(linked -> {
            inbound.patientUnchanged();
            in.setBody(linkedAnswer(envelope, message, clinicId, linked));
        });
    }

    /** Whether {@link #answerIfUnchanged} answered the message. */
    public boolean answeredHere(@ExchangeProperty(InboundContext.PROPERTY) InboundContext inbound) {
        return inbound.isPatientUnchanged();
    }

    /**
     * ADT A40: moves the cross-index (no Fullscript call). One answer: review_required when a clinic holds both ids
     * linked to different Fullscript patients, else patient.linked (matchedBy merge) in the message's clinic or the
     * first one, else patient.not_linked (unknown_patient).
     */
    public OutboundEvent merge(@ExchangeProperty(InboundContext.PROPERTY) InboundContext inbound) {
        InboundEnvelope envelope = inbound.requiredEnvelope();
        PatientMessage message = inbound.requiredMessage();
        String tenant = envelope.tenant();
        var results = merger.merge(tenant, message.priorPatientId(), message.ehrPatientId());
        OutboundEvent review = null;
        for (PatientMerger.ClinicMerge result : results) {
            if (result instanceof PatientMerger.Conflict conflict) {
                ActingUser user = new ActingUser(tenant, envelope.ehrUserId(), conflict.clinicId());
                OutboundEvent raised = reviews.raise(tenant, user, conflict.clinicId(), envelope.messageId(), message.patient(),
                        new PatientMatcher.NeedsReview("merge_conflict",
                                java.util.List.of(conflict.survivingFullscriptPatientId(), conflict.priorFullscriptPatientId())),
                        message.warnings());
                review = review == null ? raised : review;
            }
        }
        if (review != null) {
            return review;
        }
        PatientMerger.Moved moved = results.stream().map(PatientMerger.Moved.class::cast)
                .filter(m -> envelope.clinicId() == null || envelope.clinicId().equals(m.clinicId()))
                .findFirst().orElse(null);
        if (moved == null) {
            log.info("patient merge of unknown ids messageId={} tenant={}", envelope.messageId(), tenant);
            return OutboundEvent.of("patient.not_linked", envelope.messageId(), tenant,
                    new OutboundEvent.PatientNotLinked(message.ehrPatientId(), envelope.clinicId(), "unknown_patient", message.warnings()));
        }
        log.info("patient merged messageId={} tenant={} clinicId={} fullscriptPatientId={}", envelope.messageId(), tenant,
                moved.clinicId(), moved.fullscriptPatientId());
        return OutboundEvent.of("patient.linked", envelope.messageId(), tenant,
                new OutboundEvent.PatientLinked(message.ehrPatientId(), moved.clinicId(), moved.fullscriptPatientId(), "merge",
                        message.warnings()));
    }
}
