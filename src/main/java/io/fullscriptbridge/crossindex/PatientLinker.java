package io.fullscriptbridge.crossindex;

import io.fullscriptbridge.config.FullscriptProperties;
import io.fullscriptbridge.ehr.InboundEnvelope;
import io.fullscriptbridge.ehr.InboundMessageReader;
import io.fullscriptbridge.ehr.OutboundEvent;
import io.fullscriptbridge.ehr.PatientDemographics;
import io.fullscriptbridge.ehr.PatientMessage;
import io.fullscriptbridge.fullscript.FullscriptApi;
import io.fullscriptbridge.fullscript.FullscriptPatient;
import io.fullscriptbridge.oauth.AccessTokenProvider;
import io.fullscriptbridge.oauth.ActingUser;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Finds or creates the Fullscript patient for an EHR patient: by our id in Fullscript's metadata first, else by
 * creating the patient with that metadata (and no welcome email unless configured). The local cross-index and the
 * email match with its review path come with the cross-index issue; this is the spine they plug into.
 */
@Component("patientLinker")
public class PatientLinker {

    private static final Logger log = LoggerFactory.getLogger(PatientLinker.class);

    private final FullscriptApi fullscript;
    private final FullscriptProperties properties;
    private final MeterRegistry meters;
    private final AccessTokenProvider tokens;

    public PatientLinker(FullscriptApi fullscript, FullscriptProperties properties, MeterRegistry meters,
                         AccessTokenProvider tokens) {
        this.fullscript = fullscript;
        this.tokens = tokens;
        this.properties = properties;
        this.meters = meters;
    }

    public OutboundEvent link(@ExchangeProperty(InboundMessageReader.ENVELOPE) InboundEnvelope envelope,
                              @ExchangeProperty(InboundMessageReader.PATIENT_MESSAGE) PatientMessage message) {
        ActingUser user = new ActingUser(envelope.tenant(), envelope.ehrUserId(), envelope.clinicId());
        PatientDemographics patient = message.patient();
        String clinicId = tokens.tokenFor(user).clinicId();

        String matchedBy;
        String fullscriptPatientId = fullscript.findPatientIdByMetadata(user, patient.id()).orElse(null);
        if (fullscriptPatientId != null) {
            matchedBy = "metadata";
        } else {
            fullscriptPatientId = fullscript.createPatient(user, toFullscript(patient)).id();
            matchedBy = "created";
        }
        meters.counter("bridge.crossindex.matches", "method", matchedBy).increment();
        log.info("patient linked messageId={} tenant={} clinicId={} fullscriptPatientId={} matchedBy={}",
                envelope.messageId(), envelope.tenant(), clinicId, fullscriptPatientId, matchedBy);
        return OutboundEvent.of("patient.linked", envelope.messageId(), envelope.tenant(),
                new OutboundEvent.PatientLinked(patient.id(), clinicId, fullscriptPatientId, matchedBy));
    }

    private FullscriptPatient toFullscript(PatientDemographics p) {
        return new FullscriptPatient(null, p.firstName(), p.lastName(), p.email(),
                p.dateOfBirth() == null ? null : p.dateOfBirth().toString(), p.gender(), p.mobile(),
                properties.isSendWelcomeEmail(), new FullscriptPatient.Metadata(p.id()));
    }
}
