package io.fullscriptbridge.crossindex;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.fullscriptbridge.ehr.InboundEnvelope;
import io.fullscriptbridge.ehr.InboundMessageReader;
import io.fullscriptbridge.ehr.InvalidMessageException;
import io.fullscriptbridge.ehr.OutboundEvent;
import io.fullscriptbridge.ehr.PatientMessage;
import io.fullscriptbridge.fullscript.FullscriptApi;
import io.fullscriptbridge.fullscript.FullscriptRequest;
import io.fullscriptbridge.oauth.AccessToken;
import io.fullscriptbridge.oauth.AccessTokenProvider;
import io.fullscriptbridge.oauth.ActingUser;
import io.fullscriptbridge.oauth.Connection;
import io.fullscriptbridge.oauth.ConnectionRepository;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * "Recommend with Fullscript": for a cross-indexed patient, asks Fullscript for a Redirect dynamic link that opens
 * a new treatment plan for that patient as the acting practitioner (shared/fullscript-api.md §5), and answers
 * treatment_plan.link with the redirect_url. Links are never cached: Fullscript says not to.
 */
@Component
public class TreatmentPlanLinker {

    private static final Logger log = LoggerFactory.getLogger(TreatmentPlanLinker.class);
    static final String GATEWAY = "/api/clinic/dynamic_links/gateway/treatment_plans";

    public record TreatmentPlanLink(String ehrPatientId, String clinicId, String fullscriptPatientId, String redirectUrl, String encounterId) {
    }

    private final FullscriptApi fullscript;
    private final PatientXrefRepository xrefs;
    private final AccessTokenProvider tokens;
    private final ConnectionRepository connections;
    private final PlanLinkRequestRepository planLinks;

    public TreatmentPlanLinker(FullscriptApi fullscript, PatientXrefRepository xrefs, AccessTokenProvider tokens, ConnectionRepository connections,
                               PlanLinkRequestRepository planLinks) {
        this.fullscript = fullscript;
        this.planLinks = planLinks;
        this.xrefs = xrefs;
        this.tokens = tokens;
        this.connections = connections;
    }

    public OutboundEvent link(@ExchangeProperty(InboundMessageReader.ENVELOPE) InboundEnvelope envelope,
                              @ExchangeProperty(InboundMessageReader.PATIENT_MESSAGE) PatientMessage message) {
        ActingUser user = new ActingUser(envelope.tenant(), envelope.ehrUserId(), envelope.clinicId());
        AccessToken token = tokens.tokenFor(user);
        String clinicId = token.clinicId();
        String fullscriptPatientId = fullscriptPatientOf(envelope.tenant(), user, clinicId, message.ehrPatientId());

        Connection connection = connections.findById(token.connectionId())
                .orElseThrow(() -> new IllegalStateException("connection " + token.connectionId() + " vanished"));
        if (!"Practitioner".equalsIgnoreCase(connection.getResourceOwnerType())) {
            throw new InvalidMessageException("practitioner_required",
                    "treatment plans are written by practitioners: the acting user is connected as " + connection.getResourceOwnerType());
        }
        JsonNode answer = fullscript.call(FullscriptRequest.send(user, "POST", GATEWAY, GATEWAY, Map.of(
                "treatment_plan", Map.of("practitioner_id", connection.getResourceOwnerId()),
                "patient", Map.of("id", fullscriptPatientId))));
        String redirectUrl = answer.path("dynamic_links").path("redirect_url").asText(null);
        if (redirectUrl == null) {
            throw new IllegalStateException("Fullscript's dynamic link answer had no redirect_url");
        }
        if (message.encounterId() != null && !message.encounterId().isBlank()) {
            // kept for the events flow: the first new plan for this patient and practitioner gets the encounter id
            planLinks.save(new PlanLinkRequest(envelope.tenant(), envelope.ehrUserId(), message.ehrPatientId(), clinicId, fullscriptPatientId,
                    connection.getResourceOwnerId(), message.encounterId(), envelope.messageId()));
        }
        log.info("treatment plan link issued messageId={} clinicId={} fullscriptPatientId={}", envelope.messageId(), clinicId, fullscriptPatientId);
        return OutboundEvent.of("treatment_plan.link", envelope.messageId(), envelope.tenant(),
                new TreatmentPlanLink(message.ehrPatientId(), clinicId, fullscriptPatientId, redirectUrl, message.encounterId()));
    }

    /** The cross-index, else our id in Fullscript's metadata (one call); an unknown patient must be upserted first. */
    private String fullscriptPatientOf(String tenant, ActingUser user, String clinicId, String ehrPatientId) {
        Optional<PatientXref> known = xrefs.findByTenantAndEhrPatientIdAndClinicId(tenant, ehrPatientId, clinicId);
        if (known.isPresent()) {
            return known.get().getFullscriptPatientId();
        }
        String byMetadata = fullscript.findPatientIdByMetadata(user, PatientMatcher.metadataId(tenant, ehrPatientId))
                .orElseThrow(() -> new InvalidMessageException("patient_not_synced",
                        "the patient is not in this Fullscript clinic yet: send a patient.upsert first"));
        xrefs.save(new PatientXref(tenant, ehrPatientId, clinicId, byMetadata, "metadata", "{}"));
        return byMetadata;
    }
}
