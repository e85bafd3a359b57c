package io.fullscriptbridge.crossindex;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.fullscript.FullscriptApi;
import io.fullscriptbridge.fullscript.ActingUser;
import io.fullscriptbridge.oauth.TokenCipher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The local copy of cross-indexed patients' treatment plans: kept current by events, and refreshed from Fullscript
 * on demand with a report of what changed since the last fetch.
 */
@Service
public class TreatmentPlanStore {

    /** What a refresh found. */
    public record Changes(List<String> added, List<String> updated, List<String> removed) {
    }

    /** What the EHR's patient-history page gets. */
    public record PatientPlans(String ehrPatientId, String clinicId, String fullscriptPatientId, List<JsonNode> treatmentPlans,
                               Instant asOf, Changes changes) {
    }

    private final TreatmentPlanCopyRepository copies;
    private final TokenCipher cipher;
    private final ObjectMapper mapper;
    private final FullscriptApi fullscript;

    public TreatmentPlanStore(TreatmentPlanCopyRepository copies, TokenCipher cipher, ObjectMapper mapper, FullscriptApi fullscript) {
        this.copies = copies;
        this.cipher = cipher;
        this.mapper = mapper;
        this.fullscript = fullscript;
    }

    /** From an event (treatment_plan.*): @return whether the copy changed */
    @Transactional
    public boolean keep(String clinicId, JsonNode plan) {
        String planId = plan.path("id").asText(null);
        String patientId = plan.path("patient").path("id").asText(null);
        if (planId == null || patientId == null) {
            return false;
        }
        TreatmentPlanCopy copy = copies.findById(new TreatmentPlanCopy.Key(clinicId, planId))
                .orElseGet(() -> new TreatmentPlanCopy(clinicId, planId, patientId));
        String json = plan.toString();
        boolean changed = copy.store(plan.path("state").asText(null), cipher.seal(json, planContext(clinicId, planId)), cipher.fingerprint(json));
        copies.save(copy);
        return changed;
    }

    /** The local copy, at once, no call to Fullscript. */
    public PatientPlans local(PatientXref xref) {
        List<TreatmentPlanCopy> mine = copies.findByClinicIdAndFullscriptPatientIdOrderByTreatmentPlanId(xref.getClinicId(), xref.getFullscriptPatientId());
        Instant asOf = mine.stream().map(TreatmentPlanCopy::getUpdatedAt).max(Instant::compareTo).orElse(null);
        return new PatientPlans(xref.getEhrPatientId(), xref.getClinicId(), xref.getFullscriptPatientId(), plans(mine), asOf, null);
    }

    /** Fetches every plan of the patient from Fullscript, stores them, and says what changed since the last copy. */
    @Transactional
    public PatientPlans refresh(PatientXref xref, ActingUser user) {
        String path = "/api/clinic/patients/" + xref.getFullscriptPatientId() + "/treatment_plans";
        Map<String, JsonNode> fetched = new LinkedHashMap<>();
        fullscript.allPages(user, "/api/clinic/patients/{id}/treatment_plans", path, Map.of("sort_by", "created_at"), "treatment_plans", 50)
                .forEach(p -> fetched.put(p.path("id").asText(), p));
        Set<String> before = new LinkedHashSet<>();
        copies.findByClinicIdAndFullscriptPatientIdOrderByTreatmentPlanId(xref.getClinicId(), xref.getFullscriptPatientId())
                .forEach(c -> before.add(c.getTreatmentPlanId()));
        List<String> added = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        for (Map.Entry<String, JsonNode> plan : fetched.entrySet()) {
            boolean known = before.contains(plan.getKey());
            boolean changed = keep(xref.getClinicId(), plan.getValue());
            if (!known) {
                added.add(plan.getKey());
            } else if (changed) {
                updated.add(plan.getKey());
            }
        }
        List<String> removed = before.stream().filter(id -> !fetched.containsKey(id)).toList();
        removed.forEach(id -> copies.deleteById(new TreatmentPlanCopy.Key(xref.getClinicId(), id)));
        PatientPlans now = local(xref);
        return new PatientPlans(now.ehrPatientId(), now.clinicId(), now.fullscriptPatientId(), now.treatmentPlans(), Instant.now(),
                new Changes(added, updated, removed));
    }

    /** The associated data binding a sealed plan to its row (TokenCipher). */
    public static String planContext(String clinicId, String treatmentPlanId) {
        return "treatment_plan_copy:" + clinicId + ":" + treatmentPlanId;
    }

    private List<JsonNode> plans(List<TreatmentPlanCopy> copies) {
        List<JsonNode> plans = new ArrayList<>();
        for (TreatmentPlanCopy c : copies) {
            try {
                plans.add(mapper.readTree(cipher.open(c.getPlanSealed(), planContext(c.getClinicId(), c.getTreatmentPlanId()))));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable plan copy " + c.getTreatmentPlanId(), e);
            }
        }
        return plans;
    }
}
