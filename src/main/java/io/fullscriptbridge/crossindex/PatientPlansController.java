package io.fullscriptbridge.crossindex;

import io.fullscriptbridge.fullscript.FullscriptLane;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fullscriptbridge.config.TenantDirectory;
import io.fullscriptbridge.fullscript.ActingUser;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The EHR's patient-history page: GET /api/patients/{ehrPatientId}/treatment-plans answers from the local copy at
 * once; {@code ?refresh=true} also fetches the latest from Fullscript (as X-Bridge-Ehr-User-Id) and says what
 * changed since the last fetch. Same credentials as the HTTP ingress (X-Bridge-Tenant, X-Bridge-Api-Key).
 */
@RestController
public class PatientPlansController {

    private final TenantDirectory tenants;
    private final PatientXrefRepository xrefs;
    private final TreatmentPlanStore store;

    public PatientPlansController(TenantDirectory tenants, PatientXrefRepository xrefs, TreatmentPlanStore store) {
        this.tenants = tenants;
        this.xrefs = xrefs;
        this.store = store;
    }

    @GetMapping("/api/patients/{ehrPatientId}/treatment-plans")
    public ResponseEntity<?> plans(@PathVariable String ehrPatientId,
                                   @RequestParam(required = false) String clinicId,
                                   @RequestParam(defaultValue = "false") boolean refresh,
                                   @RequestHeader(name = "X-Bridge-Tenant", required = false) String tenantHeader,
                                   @RequestHeader(name = "X-Bridge-Api-Key", required = false) String apiKey,
                                   @RequestHeader(name = "X-Bridge-Ehr-User-Id", required = false) String ehrUserId) {
        Optional<String> authenticated = tenants.authenticate(tenantHeader, apiKey);
        if (authenticated.isEmpty()) {
            return unauthorized();
        }
        String tenant = authenticated.get();
        List<PatientXref> known = xrefs.findByTenantAndEhrPatientId(tenant, ehrPatientId).stream()
                .filter(x -> clinicId == null || x.getClinicId().equals(clinicId))
                .toList();
        if (known.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "the patient is not cross-indexed"
                    + (clinicId == null ? "" : " in clinic " + clinicId)));
        }
        if (known.size() > 1) {
            return ResponseEntity.badRequest().body(Map.of("error", "the patient is in several clinics: add ?clinicId="));
        }
        PatientXref xref = known.get(0);
        if (!refresh) {
            return ResponseEntity.ok(store.local(xref));
        }
        if (ehrUserId == null || ehrUserId.isBlank()) {
            return ResponseEntity.badRequest().body(Map.of("error", "refresh=true calls Fullscript as a user: send X-Bridge-Ehr-User-Id"));
        }
        // the EHR user waits on this answer: interactive calls (D83)
        return ResponseEntity.ok(FullscriptLane.interactive(() -> store.refresh(xref, new ActingUser(tenant, ehrUserId, xref.getClinicId()))));
    }

    private static ResponseEntity<Map<String, String>> unauthorized() {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", "a valid X-Bridge-Tenant and X-Bridge-Api-Key are required"));
    }
}
