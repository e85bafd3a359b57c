package io.fullscriptbridge.crossindex;

import io.fullscriptbridge.ehr.InboundEnvelope;
import io.fullscriptbridge.ehr.InboundMessageReader;
import io.fullscriptbridge.ehr.OutboundEvent;
import io.fullscriptbridge.ehr.PatientMessage;
import io.fullscriptbridge.oauth.AccessTokenProvider;
import io.fullscriptbridge.oauth.ActingUser;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The patient step of the inbound flow. treatment_plan.link goes to the {@link TreatmentPlanLinker}; patient.upsert picks the acting user's connection (and so the clinic), lets the
 * {@link PatientMatcher} find or create the Fullscript patient, and answers patient.linked or
 * patient.review_required.
 */
@Component("patientLinker")
public class PatientLinker {

    private static final Logger log = LoggerFactory.getLogger(PatientLinker.class);

    private final PatientMatcher matcher;
    private final ReviewQueue reviews;
    private final AccessTokenProvider tokens;
    private final TreatmentPlanLinker treatmentPlans;

    public PatientLinker(PatientMatcher matcher, ReviewQueue reviews, AccessTokenProvider tokens, TreatmentPlanLinker treatmentPlans) {
        this.matcher = matcher;
        this.treatmentPlans = treatmentPlans;
        this.reviews = reviews;
        this.tokens = tokens;
    }

    public OutboundEvent link(@ExchangeProperty(InboundMessageReader.ENVELOPE) InboundEnvelope envelope,
                              @ExchangeProperty(InboundMessageReader.PATIENT_MESSAGE) PatientMessage message) {
        if (message.type() == io.fullscriptbridge.ehr.MessageType.TREATMENT_PLAN_LINK) {
            return treatmentPlans.link(envelope, message);
        }
        ActingUser user = new ActingUser(envelope.tenant(), envelope.ehrUserId(), envelope.clinicId());
        String clinicId = tokens.tokenFor(user).clinicId();
        PatientMatcher.Outcome outcome = matcher.sync(envelope.tenant(), user, clinicId, message.patient());
        if (outcome instanceof PatientMatcher.NeedsReview review) {
            return reviews.raise(envelope.tenant(), user, clinicId, envelope.messageId(), message.patient(), review);
        }
        PatientMatcher.Linked linked = (PatientMatcher.Linked) outcome;
        log.info("patient linked messageId={} tenant={} clinicId={} fullscriptPatientId={} matchedBy={}",
                envelope.messageId(), envelope.tenant(), clinicId, linked.fullscriptPatientId(), linked.matchedBy());
        return OutboundEvent.of("patient.linked", envelope.messageId(), envelope.tenant(),
                new OutboundEvent.PatientLinked(message.ehrPatientId(), clinicId, linked.fullscriptPatientId(), linked.matchedBy()));
    }
}
