package io.fullscriptbridge.crossindex;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * HL7 ADT A40 (decision D46): the EHR merged the prior patient id (MRG-1) into the surviving one (PID-3). In every
 * clinic the tenant's cross-index knows the prior id, its entry moves to the surviving id. When both ids were linked
 * to different Fullscript patients in a clinic the bridge does not guess which one is the person: the prior entry is
 * dropped (the EHR no longer sends that id) and both Fullscript patients become the candidates of a review item.
 */
@Component
public class PatientMerger {

    private static final Logger log = LoggerFactory.getLogger(PatientMerger.class);

    /** One clinic's result. */
    public sealed interface ClinicMerge permits Moved, Conflict {
        String clinicId();
    }

    /** The surviving id is now linked to {@code fullscriptPatientId} in the clinic (moved, or it already was). */
    public record Moved(String clinicId, String fullscriptPatientId) implements ClinicMerge {
    }

    /** Both ids were linked, to different Fullscript patients: an admin decides. */
    public record Conflict(String clinicId, String survivingFullscriptPatientId, String priorFullscriptPatientId) implements ClinicMerge {
    }

    private final PatientXrefRepository xrefs;

    public PatientMerger(PatientXrefRepository xrefs) {
        this.xrefs = xrefs;
    }

    /** @return a result per clinic where either id is known; empty when the bridge knows neither */
    @Transactional
    public List<ClinicMerge> merge(String tenant, String priorEhrPatientId, String survivingEhrPatientId) {
        List<ClinicMerge> results = new ArrayList<>();
        if (priorEhrPatientId.equals(survivingEhrPatientId)) {
            xrefs.findByTenantAndEhrPatientId(tenant, survivingEhrPatientId)
                    .forEach(x -> results.add(new Moved(x.getClinicId(), x.getFullscriptPatientId())));
            return results;
        }
        for (PatientXref prior : xrefs.findByTenantAndEhrPatientId(tenant, priorEhrPatientId)) {
            Optional<PatientXref> surviving = xrefs.findByTenantAndEhrPatientIdAndClinicId(tenant, survivingEhrPatientId, prior.getClinicId());
            if (surviving.isEmpty()) {
                prior.mergedInto(survivingEhrPatientId);
                xrefs.save(prior);
                results.add(new Moved(prior.getClinicId(), prior.getFullscriptPatientId()));
                log.info("patient merge moved tenant={} clinicId={} fullscriptPatientId={}", tenant, prior.getClinicId(), prior.getFullscriptPatientId());
            } else if (surviving.get().getFullscriptPatientId().equals(prior.getFullscriptPatientId())) {
                xrefs.delete(prior);
                results.add(new Moved(prior.getClinicId(), prior.getFullscriptPatientId()));
            } else {
                xrefs.delete(prior);
                results.add(new Conflict(prior.getClinicId(), surviving.get().getFullscriptPatientId(), prior.getFullscriptPatientId()));
                log.info("patient merge conflict tenant={} clinicId={} survivingFullscriptPatientId={} priorFullscriptPatientId={}", tenant,
                        prior.getClinicId(), surviving.get().getFullscriptPatientId(), prior.getFullscriptPatientId());
            }
        }
        for (PatientXref surviving : xrefs.findByTenantAndEhrPatientId(tenant, survivingEhrPatientId)) {
            if (results.stream().noneMatch(r -> r.clinicId().equals(surviving.getClinicId()))) {
                results.add(new Moved(surviving.getClinicId(), surviving.getFullscriptPatientId()));
            }
        }
        return results;
    }
}
