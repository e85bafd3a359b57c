package io.fullscriptbridge.launch;

import java.util.Optional;

import io.fullscriptbridge.crossindex.PatientXrefRepository;
import io.fullscriptbridge.crossindex.ReviewItemRepository;
import io.fullscriptbridge.crossindex.TreatmentPlanLinker;
import io.fullscriptbridge.common.InvalidMessageException;
import io.fullscriptbridge.fullscript.FullscriptApiException;
import io.fullscriptbridge.fullscript.AccessToken;
import io.fullscriptbridge.fullscript.AccessTokenProvider;
import io.fullscriptbridge.fullscript.ActingUser;
import io.fullscriptbridge.oauth.ClinicRequiredException;
import io.fullscriptbridge.oauth.Connection;
import io.fullscriptbridge.oauth.ConnectionRepository;
import io.fullscriptbridge.oauth.IntegrationDisabledException;
import io.fullscriptbridge.oauth.NoConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * What a verified "Recommend with Fullscript" link does for its user: finds the acting connection and the
 * practitioner the plan is written for, finds the patient the way the queue's treatment_plan.link does (cross-index,
 * else our id in Fullscript's metadata) and asks Fullscript for the Redirect link. Says when the user must connect
 * first, and refuses with a reason and a sentence that carries no PHI and no token.
 */
@Service
public class Recommender {

    private static final Logger log = LoggerFactory.getLogger(Recommender.class);
    private static final String PRACTITIONER = "Practitioner";
    private static final String OPEN = "OPEN";

    /** The answer for the browser. */
    public sealed interface Outcome permits Redirect, ConnectFirst, Refused {
    }

    /** Send the browser to Fullscript's Redirect link. */
    public record Redirect(String url) implements Outcome {
    }

    /** The user has no usable connection (or it lacks a scope): run the connect flow, then continue. */
    public record ConnectFirst(String reason) implements Outcome {
    }

    /** @param reason the metric tag; @param message safe to show: no PHI, no token */
    public record Refused(HttpStatus status, String reason, String title, String message) implements Outcome {
    }

    private final AccessTokenProvider tokens;
    private final ConnectionRepository connections;
    private final PatientXrefRepository xrefs;
    private final ReviewItemRepository reviews;
    private final TreatmentPlanLinker treatmentPlans;

    public Recommender(AccessTokenProvider tokens, ConnectionRepository connections, PatientXrefRepository xrefs,
                       ReviewItemRepository reviews, TreatmentPlanLinker treatmentPlans) {
        this.tokens = tokens;
        this.connections = connections;
        this.xrefs = xrefs;
        this.reviews = reviews;
        this.treatmentPlans = treatmentPlans;
    }

    /**
     * @param clinicId      the clinic to act in (the one just connected), or null for the user's only connection
     * @param justConnected the user has just been through the connect flow: a missing scope is then refused, not
     *                      sent round the flow again
     * @param requestId     an id for logs and the plan link request (the link's nonce), never PHI
     */
    public Outcome recommend(String tenant, String ehrUserId, String clinicId, RecommendRequest request, boolean justConnected,
                             String requestId) {
        try {
            AccessToken token = tokenIn(tenant, ehrUserId, clinicId, request.patientId());
            Connection acting = connections.findById(token.connectionId())
                    .orElseThrow(() -> new NoConnectionException("no_connection", "the connection vanished"));
            String clinic = token.clinicId();
            Optional<String> practitioner = practitionerFor(tenant, ehrUserId, acting, clinic, request);
            if (practitioner.isEmpty()) {
                return PRACTITIONER.equalsIgnoreCase(acting.getResourceOwnerType())
                        ? refused(HttpStatus.FORBIDDEN, "practitioner_mismatch", "A practitioner recommends as themselves: "
                        + "the link names another practitioner.")
                        : request.practitionerEhrUserId() == null
                        ? refused(HttpStatus.FORBIDDEN, "practitioner_required", "You are connected to Fullscript as a staff "
                        + "member: the EHR's link must name the practitioner the plan is for.")
                        : refused(HttpStatus.FORBIDDEN, "practitioner_not_found", "The practitioner named has not connected "
                        + "this Fullscript clinic through your EHR. Ask them to connect their Fullscript account first.");
            }
            boolean linked = xrefs.findByTenantAndEhrPatientIdAndClinicId(tenant, request.patientId(), clinic).isPresent();
            if (!linked && reviews.findFirstByTenantAndEhrPatientIdAndClinicIdAndStatus(tenant, request.patientId(), clinic, OPEN).isPresent()) {
                return refused(HttpStatus.CONFLICT, "review_required", "Several Fullscript patients could be this patient "
                        + "(for example a shared email address). An administrator must confirm the match before a plan can be opened.");
            }
            TreatmentPlanLinker.TreatmentPlanLink link = treatmentPlans.open(new ActingUser(tenant, ehrUserId, clinic), clinic,
                    practitioner.get(), request.patientId(), request.encounterId(), "recommend:" + requestId);
            log.info("recommend link redirected tenant={} clinicId={} fullscriptPatientId={} requestId={}", tenant, clinic,
                    link.fullscriptPatientId(), requestId);
            return new Redirect(link.redirectUrl());
        } catch (IntegrationDisabledException e) {
            return refused(HttpStatus.FORBIDDEN, "integration_disabled", "The Fullscript integration is switched off for you. "
                    + "Switch it on in your EHR to recommend with Fullscript.");
        } catch (ClinicRequiredException e) {
            return refused(HttpStatus.CONFLICT, "clinic_required", "You are connected to several Fullscript clinics and this "
                    + "patient is linked in none or several of them: send the patient from the EHR first, or disconnect the clinic you no longer use.");
        } catch (NoConnectionException e) {
            return justConnected ? refused(HttpStatus.BAD_GATEWAY, "still_no_connection",
                    "Fullscript did not accept the new connection. Open the link again from your EHR.")
                    : new ConnectFirst(e.getErrorCode());
        } catch (FullscriptApiException.InsufficientScope e) {
            // tokens keep the scopes of their grant: a new authorization may carry the app's current ones
            return justConnected ? refused(HttpStatus.FORBIDDEN, "missing_scope", "Fullscript did not grant the bridge the "
                    + "permission this needs. Ask your administrator to check the Fullscript app's scopes.")
                    : new ConnectFirst("missing_scope");
        } catch (FullscriptApiException.Unauthorized e) {
            return justConnected ? refused(HttpStatus.BAD_GATEWAY, "token_refused",
                    "Fullscript refused the new connection. Open the link again from your EHR.")
                    : new ConnectFirst("reauthorization_required");
        } catch (InvalidMessageException e) {
            if ("patient_not_synced".equals(e.getErrorCode())) {
                return refused(HttpStatus.CONFLICT, "patient_not_in_fullscript", "This patient is not in Fullscript yet. "
                        + "The bridge creates the Fullscript patient when the EHR sends the patient with an email address; "
                        + "then open the link again.");
            }
            return refused(HttpStatus.UNPROCESSABLE_ENTITY, e.getErrorCode(), "The request could not be completed.");
        } catch (FullscriptApiException.Transient e) {
            log.warn("recommend link: Fullscript unavailable tenant={} endpoint=\"{}\" status={}", tenant, e.getEndpointKey(), e.getStatus());
            return refused(HttpStatus.BAD_GATEWAY, "fullscript_unavailable", "Fullscript could not be reached. Try again in a moment.");
        } catch (FullscriptApiException e) {
            log.warn("recommend link: Fullscript refused tenant={} endpoint=\"{}\" status={}", tenant, e.getEndpointKey(), e.getStatus());
            return refused(HttpStatus.BAD_GATEWAY, "fullscript_refused", "Fullscript refused to open a treatment plan.");
        }
    }

    /**
     * The acting token. A user connected to several clinics acts in the one clinic (of theirs) where the patient is
     * linked; with none or several such clinics the link cannot say which (ClinicRequiredException).
     */
    private AccessToken tokenIn(String tenant, String ehrUserId, String clinicId, String ehrPatientId) {
        try {
            return tokens.tokenFor(new ActingUser(tenant, ehrUserId, clinicId));
        } catch (ClinicRequiredException several) {
            java.util.Set<String> mine = connections.findByTenantAndEhrUserIdOrderByCreatedAt(tenant, ehrUserId).stream()
                    .map(Connection::getClinicId).collect(java.util.stream.Collectors.toSet());
            java.util.List<String> linkedIn = xrefs.findByTenantAndEhrPatientId(tenant, ehrPatientId).stream()
                    .map(x -> x.getClinicId()).filter(mine::contains).distinct().toList();
            if (linkedIn.size() != 1) {
                throw several;
            }
            return tokens.tokenFor(new ActingUser(tenant, ehrUserId, linkedIn.get(0)));
        }
    }

    /**
     * The Fullscript practitioner id the plan is written for. A practitioner writes as themselves. A staff member
     * names the practitioner by EHR user id; the bridge resolves it through what it recorded when that practitioner
     * connected: their connection of the same tenant, in the same clinic, as a Practitioner (decision D62).
     */
    private Optional<String> practitionerFor(String tenant, String ehrUserId, Connection acting, String clinicId, RecommendRequest request) {
        if (PRACTITIONER.equalsIgnoreCase(acting.getResourceOwnerType())) {
            boolean namesAnother = request.practitionerEhrUserId() != null && !request.practitionerEhrUserId().equals(ehrUserId);
            return namesAnother ? Optional.empty() : Optional.ofNullable(acting.getResourceOwnerId());
        }
        if (request.practitionerEhrUserId() == null) {
            return Optional.empty();
        }
        return connections.findByTenantAndEhrUserIdAndClinicId(tenant, request.practitionerEhrUserId(), clinicId)
                .filter(c -> PRACTITIONER.equalsIgnoreCase(c.getResourceOwnerType()))
                .map(Connection::getResourceOwnerId);
    }

    private static Refused refused(HttpStatus status, String reason, String message) {
        return new Refused(status, reason, "Cannot recommend with Fullscript", message);
    }
}
