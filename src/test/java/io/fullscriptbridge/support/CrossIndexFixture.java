package io.fullscriptbridge.support;

import java.util.UUID;

import io.fullscriptbridge.crossindex.PatientXref;
import io.fullscriptbridge.crossindex.PatientXrefRepository;

/**
 * Puts a Fullscript patient into a tenant's cross-index, as a patient.upsert would, so that events about the patient
 * reach that tenant (events about a patient go only to the tenants holding it).
 */
public final class CrossIndexFixture {

    private CrossIndexFixture() {
    }

    /** @return the EHR patient id the tenant now holds the patient under */
    public static String hold(PatientXrefRepository xrefs, String tenant, String clinicId, String fullscriptPatientId) {
        String ehrPatientId = "EHR-" + UUID.randomUUID();
        xrefs.save(new PatientXref(tenant, ehrPatientId, clinicId, fullscriptPatientId, "created", "{}"));
        return ehrPatientId;
    }
}
