package io.fullscriptbridge.crossindex;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.fullscriptbridge.ehr.InboundEnvelope;
import io.fullscriptbridge.ehr.InboundContext;
import io.fullscriptbridge.common.InvalidMessageException;
import io.fullscriptbridge.ehr.OutboundEvent;
import io.fullscriptbridge.ehr.PatientMessage;
import io.fullscriptbridge.fullscript.FullscriptApi;
import io.fullscriptbridge.fullscript.FullscriptRequest;
import io.fullscriptbridge.fullscript.AccessToken;
import io.fullscriptbridge.fullscript.AccessTokenProvider;
import io.fullscriptbridge.fullscript.ActingUser;
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

    public OutboundEvent link(@ExchangeProperty(InboundContext.PROPERTY) InboundContext inbound) {
        InboundEnvelope envelope = inbound.requiredEnvelope();
        PatientMessage message = inbound.requiredMessage();
        ActingUser user = new ActingUser(envelope.tenant(), envelope.ehrUserId(), envelope.clinicId());
        AccessToken token = user.token(tokens);
        Connection connection = connections.findById(token.connectionId())
                .orElseThrow(() -> new IllegalStateException("connection " + token.connectionId() + " vanished"));
        if (!"Practitioner".equalsIgnoreCase(connection.getResourceOwnerType())) {
            throw new InvalidMessageException("practitioner_required",
                    "treatment plans are written by practitioners: the acting user is connected as " + connection.getResourceOwnerType());
        }
        TreatmentPlanLink link = open(user, token.clinicId(), connection.getResourceOwnerId(), message.ehrPatientId(),
                message.encounterId(), envelope.messageId());
        return OutboundEvent.of("treatment_plan.link", envelope.messageId(), envelope.tenant(), link);
    }

    /**
     * The Redirect link for a new plan for the EHR patient (cross-index, else Fullscript metadata), written by the
     * practitioner {@code practitionerId} (a Fullscript id): the queue's treatment_plan.link and the signed
     * "Recommend with Fullscript" link both come here. An encounter id is kept for the plan Fullscript will create.
     * @param requestId the message id, or the launch's id, that the plan link request is filed under
     * @throws InvalidMessageException patient_not_synced when Fullscript does not know the patient yet
     */
    public TreatmentPlanLink open(ActingUser user, String clinicId, String practitionerId, String ehrPatientId, String encounterId,
                                  String requestId) {
        String fullscriptPatientId = fullscriptPatientOf(user.tenant(), user, clinicId, ehrPatientId);
        ActingUser inClinic = new ActingUser(user.tenant(), user.ehrUserId(), clinicId, user.presetToken());
        JsonNode answer = fullscript.call(FullscriptRequest.send(inClinic, "POST", GATEWAY, GATEWAY, Map.of(
                "treatment_plan", Map.of("practitioner_id", practitionerId),
                "patient", Map.of("id", fullscriptPatientId))));
        String redirectUrl = answer.path("dynamic_links").path("redirect_url").asText(null);
        if (redirectUrl == null || redirectUrl.isBlank()) {
            throw new io.fullscriptbridge.fullscript.FullscriptApiException.UnexpectedResponse("POST " + GATEWAY,
                    "the dynamic link answer has no dynamic_links.redirect_url");
        }
        if (encounterId != null && !encounterId.isBlank()) {
            // kept for the events flow: the first new plan for this patient and practitioner gets the encounter id
            planLinks.save(new PlanLinkRequest(user.tenant(), user.ehrUserId(), ehrPatientId, clinicId, fullscriptPatientId,
                    practitionerId, encounterId, requestId));
        }
        log.info("treatment plan link issued requestId={} clinicId={} fullscriptPatientId={}", requestId, clinicId, fullscriptPatientId);
        return new TreatmentPlanLink(ehrPatientId, clinicId, fullscriptPatientId, redirectUrl, encounterId);
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
