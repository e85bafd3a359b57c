package io.fullscriptbridge.crossindex;

import io.fullscriptbridge.ehr.InboundContext;
import io.fullscriptbridge.ehr.InboundEnvelope;
import io.fullscriptbridge.ehr.OutboundEvent;
import io.fullscriptbridge.ehr.PatientMessage;
import io.fullscriptbridge.fullscript.AccessTokenProvider;
import io.fullscriptbridge.fullscript.ActingUser;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    public PatientLinker(PatientMatcher matcher, ReviewQueue reviews, AccessTokenProvider tokens, PatientMerger merger) {
        this.matcher = matcher;
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
        return OutboundEvent.of("patient.linked", envelope.messageId(), envelope.tenant(),
                new OutboundEvent.PatientLinked(message.ehrPatientId(), clinicId, linked.fullscriptPatientId(), linked.matchedBy(),
                        message.warnings()));
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
