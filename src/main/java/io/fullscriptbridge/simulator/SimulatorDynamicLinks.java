package io.fullscriptbridge.simulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Fullscript Redirect links for treatment plans. The API ({@link SimulatorDynamicLinkController}) hands out a
 * {@code redirect_url}; the practitioner opens it (the simulated Fullscript page of {@link SimulatorRedirectController})
 * and sends the plan. Sending is a {@link SimulatorChange.Origin#PORTAL} change: it creates an ACTIVE plan and so
 * raises {@code treatment_plan.created} (Fullscript: events do fire for changes made through Redirect links).
 * A completed link is used up: completing it again returns the same plan and raises nothing. Thread-safe.
 */
@Component
@ConditionalOnSimulatorEnabled
public class SimulatorDynamicLinks {

    private static final Logger log = LoggerFactory.getLogger(SimulatorDynamicLinks.class);

    /** The page path; the redirect URL is this under the server's base URL, then the token. */
    public static final String REDIRECT_PATH = "/simulator/fullscript/redirect/";

    private final SimulatorState state;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();
    private final Map<String, SimDynamicLink> links = new LinkedHashMap<>();

    public SimulatorDynamicLinks(SimulatorState state) {
        this.state = state;
    }

    /** The token of a {@code redirect_url} (its last path segment). */
    public static String tokenOf(String redirectUrl) {
        String path = java.net.URI.create(redirectUrl).getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public synchronized Optional<SimDynamicLink> link(String token) {
        return Optional.ofNullable(token == null ? null : links.get(token));
    }

    /** Every link, oldest first. */
    public synchronized List<SimDynamicLink> links() {
        return List.copyOf(links.values());
    }

    /** Records a new link; the caller has validated clinic, practitioner and patient. */
    synchronized SimDynamicLink create(SimDynamicLink.Kind kind, String clinicId, String practitionerId,
                                       String patientId, String entrypoint, String treatmentPlanId) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        SimDynamicLink link = new SimDynamicLink(token, kind, clinicId, practitionerId, patientId, entrypoint,
                treatmentPlanId, now(), null);
        links.put(token, link);
        log.debug("simulator dynamic link kind={} clinicId={} practitionerId={}", kind, clinicId, practitionerId);
        return link;
    }

    /** The practitioner sends the plan with the sample recommendation (a patient-less link needs {@link #complete(String, String, List)}). */
    public SimTreatmentPlan complete(String token) {
        return complete(token, null, null);
    }

    /**
     * The practitioner sends the plan from the link's page: a new ACTIVE plan for the link's patient (or
     * {@code patientId} when the link has none) by the link's practitioner, with {@code recommendations}
     * ({@code null} or empty = one sample recommendation). An edit link activates its plan when it is a draft.
     * A completed link returns its plan again. @throws SimulatorApiException 404 unknown link or patient, 422
     */
    public SimTreatmentPlan complete(String token, String patientId, List<SimRecommendation> recommendations) {
        SimDynamicLink link;
        synchronized (this) {
            link = links.get(token);
            if (link == null) {
                throw SimulatorApiException.notFound();
            }
            if (link.completed()) {
                if (link.treatmentPlanId() == null) {
                    throw new SimulatorApiException(org.springframework.http.HttpStatus.CONFLICT,
                            List.of("The treatment plan is being sent"));
                }
                return state.treatmentPlan(link.treatmentPlanId()).orElseThrow(SimulatorApiException::notFound);
            }
            // claim the link first, so two clicks cannot make two plans
            links.put(token, link.completedWith(null, now()));
        }
        try {
            SimTreatmentPlan plan;
            if (link.kind() == SimDynamicLink.Kind.EDIT) {
                plan = state.changeTreatmentPlanState(link.clinicId(), link.treatmentPlanId(),
                        SimTreatmentPlan.State.ACTIVE, SimulatorChange.Origin.PORTAL);
            } else {
                String patient = link.patientId() != null ? link.patientId() : patientId;
                if (patient == null || patient.isBlank()) {
                    throw SimulatorApiException.unprocessable(List.of("Patient can't be blank"));
                }
                List<SimRecommendation> recs = recommendations == null || recommendations.isEmpty()
                        ? List.of(SimRecommendation.sample()) : recommendations;
                plan = state.createTreatmentPlan(link.clinicId(), patient, link.practitionerId(),
                        SimTreatmentPlan.State.ACTIVE, null, recs, null, false, SimulatorChange.Origin.PORTAL);
            }
            synchronized (this) {
                links.put(token, link.completedWith(plan.id(), now()));
            }
            return plan;
        } catch (RuntimeException e) {
            synchronized (this) {
                links.put(token, link);
            }
            throw e;
        }
    }

    public synchronized void reset() {
        links.clear();
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    }
}
