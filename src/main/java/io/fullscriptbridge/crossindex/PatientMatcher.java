package io.fullscriptbridge.crossindex;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import io.fullscriptbridge.common.DatabaseTime;
import io.fullscriptbridge.config.FullscriptProperties;
import io.fullscriptbridge.ehr.PatientDemographics;
import io.fullscriptbridge.fullscript.FullscriptApi;
import io.fullscriptbridge.fullscript.FullscriptApiException;
import io.fullscriptbridge.fullscript.FullscriptPatient;
import io.fullscriptbridge.fullscript.ActingUser;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds or creates the Fullscript patient for an EHR patient in one clinic, in Fullscript's recommended order and
 * with the fewest calls (shared/fullscript-api.md §4):
 * <ol>
 * <li>our cross-index: unchanged demographics cost nothing, changed ones one PATCH of just those fields;</li>
 * <li>our EHR id in Fullscript's metadata, namespaced by tenant ({@code <tenant>:<ehr patient id>}, so two EHR
 * customers sharing a clinic never meet on the same MRN); the candidate passes the same checks as an email match;</li>
 * <li>an exact, case-insensitive email match: one clean candidate gets our id in its metadata; several
 * candidates (a guardian's email shared by dependents), a conflicting birth date or last name, or a candidate
 * already linked to another EHR patient go to review: never an automatic link;</li>
 * <li>else create, with our id in metadata and no welcome email unless configured.</li>
 * </ol>
 */
@Component
public class PatientMatcher {

    private static final Logger log = LoggerFactory.getLogger(PatientMatcher.class);

    /** What happened: a link (with how it was made) or a review item. */
    public sealed interface Outcome permits Linked, NeedsReview, NotLinked {
    }

    /** Nothing was linked and nothing is waiting for an admin, e.g. email_required: a new patient without email. */
    public record NotLinked(String reason) implements Outcome {
    }

    /**
     * Linked to a Fullscript patient; {@code unchanged} when it was a known patient whose demographics had not changed
     * since the last sync, so Fullscript was not called at all (the journal says UNCHANGED, D64).
     */
    public record Linked(String fullscriptPatientId, String matchedBy, boolean unchanged) implements Outcome {
        public Linked(String fullscriptPatientId, String matchedBy) {
            this(fullscriptPatientId, matchedBy, false);
        }
    }

    public record NeedsReview(String reason, List<String> candidateIds) implements Outcome {
    }

    private final FullscriptApi fullscript;
    private final PatientXrefRepository xrefs;
    private final DemographicsFingerprint fingerprints;
    private final FullscriptProperties properties;
    private final MeterRegistry meters;
    private final JdbcTemplate jdbc;

    public PatientMatcher(FullscriptApi fullscript, PatientXrefRepository xrefs, DemographicsFingerprint fingerprints,
                          FullscriptProperties properties, MeterRegistry meters, DataSource dataSource) {
        this.fullscript = fullscript;
        this.jdbc = new JdbcTemplate(dataSource);
        this.xrefs = xrefs;
        this.fingerprints = fingerprints;
        this.properties = properties;
        this.meters = meters;
    }

    /** The id the bridge writes into a Fullscript patient's metadata and looks it up by. */
    public static String metadataId(String tenant, String ehrPatientId) {
        return tenant + ":" + ehrPatientId;
    }

    public Outcome sync(String tenant, ActingUser user, String clinicId, PatientDemographics patient) {
        Map<String, String> now = fingerprints.of(patient);
        // one indexed read of the cross-index, no entity: most messages of a busy feed are re-sends of unchanged
        // patients (D80), and a known patient that changed is updated from the same row (D89)
        Optional<IndexedXref> known = indexed(tenant, clinicId, patient.id());
        if (known.isPresent()) {
            Optional<Outcome> synced = syncKnown(tenant, clinicId, user, known.get(), patient, now);
            if (synced.isPresent()) {
                return counted(synced.get());
            }
        }
        Optional<String> byMetadata = fullscript.findPatientIdByMetadata(user, metadataId(tenant, patient.id()));
        if (byMetadata.isPresent()) {
            // the metadata endpoint answers ids only: one retrieve for the same checks an email match gets
            FullscriptPatient candidate = fullscript.retrievePatient(user, byMetadata.get());
            String conflict = firstNonNull(linkedToAnother(tenant, clinicId, patient.id(), byMetadata.get()), conflict(patient, candidate));
            if (conflict != null) {
                return counted(new NeedsReview(conflict, List.of(byMetadata.get())));
            }
            fullscript.updatePatient(user, byMetadata.get(), changes(tenant, patient, null, false));
            return counted(link(tenant, clinicId, patient, byMetadata.get(), "metadata", now));
        }
        if (patient.email() == null || patient.email().isBlank()) {
            // only creating a Fullscript patient needs the email; the next message that carries one creates it
            return counted(new NotLinked("email_required"));
        }
        List<FullscriptPatient> sameEmail = fullscript.searchPatients(user, patient.email()).stream()
                .filter(c -> c.email() != null && c.email().strip().equalsIgnoreCase(patient.email().strip()))
                .toList();
        if (sameEmail.isEmpty()) {
            FullscriptPatient created = fullscript.createPatient(user, changes(tenant, patient, null, true));
            return counted(link(tenant, clinicId, patient, created.id(), "created", now));
        }
        if (sameEmail.size() > 1) {
            return counted(new NeedsReview("shared_email", ids(sameEmail)));
        }
        FullscriptPatient candidate = sameEmail.get(0);
        if (candidate.metadata() != null && candidate.metadata().id() != null && !candidate.metadata().id().isBlank()) {
            return counted(new NeedsReview("email_linked_to_another_ehr_patient", ids(sameEmail)));
        }
        String conflict = firstNonNull(linkedToAnother(tenant, clinicId, patient.id(), candidate.id()), conflict(patient, candidate));
        if (conflict != null) {
            return counted(new NeedsReview(conflict, ids(sameEmail)));
        }
        fullscript.updatePatient(user, candidate.id(), changes(tenant, patient, null, false));
        return counted(link(tenant, clinicId, patient, candidate.id(), "email", now));
    }

    /**
     * A known patient whose demographics had not changed since the last sync, linked without a Fullscript call: the
     * same outcome {@link #sync} gives it, from the same one indexed read; empty for anything else.
     */
    public Optional<Linked> unchanged(String tenant, String clinicId, PatientDemographics patient) {
        return indexed(tenant, clinicId, patient.id())
                .filter(xref -> fingerprints.changed(fingerprints.fromJson(xref.fieldHashes()), fingerprints.of(patient)).isEmpty())
                .map(xref -> counted(unchangedLink(xref)));
    }

    /** Links to a Fullscript patient an admin chose (review), updating it with the EHR's demographics. */
    public Linked linkChosen(String tenant, ActingUser user, String clinicId, PatientDemographics patient, String fullscriptPatientId) {
        fullscript.updatePatient(user, fullscriptPatientId, changes(tenant, patient, null, false));
        return counted(link(tenant, clinicId, patient, fullscriptPatientId, "review", fingerprints.of(patient)));
    }

    /** Creates the patient because an admin said the candidates are someone else. */
    public Linked createChosen(String tenant, ActingUser user, String clinicId, PatientDemographics patient) {
        FullscriptPatient created = fullscript.createPatient(user, changes(tenant, patient, null, true));
        return counted(link(tenant, clinicId, patient, created.id(), "review", fingerprints.of(patient)));
    }

    /** What the cross-index holds for a patient, read without an entity. */
    private record IndexedXref(long id, String fullscriptPatientId, String fieldHashes) {
    }

    private Optional<IndexedXref> indexed(String tenant, String clinicId, String ehrPatientId) {
        return jdbc.query("select id, fullscript_patient_id, field_hashes from patient_xref where tenant = ? and ehr_patient_id = ? and clinic_id = ?",
                (rs, row) -> new IndexedXref(rs.getLong(1), rs.getString(2), rs.getString(3)), tenant, ehrPatientId, clinicId).stream().findFirst();
    }

    /** A known patient with nothing changed: the one answer both stages give it (D93). */
    private static Linked unchangedLink(IndexedXref xref) {
        return new Linked(xref.fullscriptPatientId(), "xref", true);
    }

    /**
     * A known patient: unchanged fields, nothing to do; changed ones, one PATCH of those fields and one update of the
     * row's hashes (plain JDBC: the entity was loaded and merged in two transactions of its own, 30 % of the consumers'
     * CPU for changed patients, D89). Empty when Fullscript no longer has the patient: the link is forgotten.
     */
    private Optional<Outcome> syncKnown(String tenant, String clinicId, ActingUser user, IndexedXref xref, PatientDemographics patient,
                                        Map<String, String> now) {
        Map<String, String> synced = fingerprints.fromJson(xref.fieldHashes());
        Set<String> changed = fingerprints.changed(synced, now);
        if (changed.isEmpty()) {
            return Optional.of(unchangedLink(xref));
        }
        try {
            fullscript.updatePatient(user, xref.fullscriptPatientId(), changes(tenant, patient, changed, false));
        } catch (FullscriptApiException.Rejected e) {
            if (e.getStatus() == 404) {
                // gone at Fullscript (archived, merged, another clinic): forget the link and match afresh
                log.warn("cross-indexed patient no longer found fullscriptPatientId={} clinicId={}", xref.fullscriptPatientId(), clinicId);
                jdbc.update("delete from patient_xref where id = ?", xref.id());
                return Optional.empty();
            }
            throw e;
        }
        jdbc.update("update patient_xref set field_hashes = ?, updated_at = ? where id = ?",
                fingerprints.toJson(mergedHashes(synced, now)), DatabaseTime.utcNow(), xref.id());
        log.info("patient updated fullscriptPatientId={} fields={}", xref.fullscriptPatientId(), changed);
        return Optional.of(new Linked(xref.fullscriptPatientId(), "xref"));
    }

    /**
     * Writes the link and the hashes of what was sent: the patient's row is updated (its match kept when it already
     * named this Fullscript patient, else relinked) or inserted, in plain JDBC (D89). A row inserted meanwhile by
     * another consumer (the unique key) is updated instead.
     */
    private Linked link(String tenant, String clinicId, PatientDemographics patient, String fullscriptPatientId, String matchedBy,
                        Map<String, String> hashes) {
        String fieldHashes = fingerprints.toJson(hashes);
        OffsetDateTime now = DatabaseTime.utcNow();
        if (relink(tenant, clinicId, patient.id(), fullscriptPatientId, matchedBy, fieldHashes, now) == 0) {
            try {
                jdbc.update("insert into patient_xref (tenant, ehr_patient_id, clinic_id, fullscript_patient_id, matched_by, field_hashes,"
                                + " created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                        tenant, patient.id(), clinicId, fullscriptPatientId, matchedBy, fieldHashes, now, now);
            } catch (DuplicateKeyException meanwhile) {
                relink(tenant, clinicId, patient.id(), fullscriptPatientId, matchedBy, fieldHashes, now);
            }
        }
        return new Linked(fullscriptPatientId, matchedBy);
    }

    private int relink(String tenant, String clinicId, String ehrPatientId, String fullscriptPatientId, String matchedBy, String fieldHashes,
                       OffsetDateTime now) {
        return jdbc.update("update patient_xref set matched_by = case when fullscript_patient_id = ? then matched_by else ? end,"
                        + " fullscript_patient_id = ?, field_hashes = ?, updated_at = ? where tenant = ? and ehr_patient_id = ? and clinic_id = ?",
                fullscriptPatientId, matchedBy, fullscriptPatientId, fieldHashes, now, tenant, ehrPatientId, clinicId);
    }

    /** The request body: every field (create, first link) or only the changed ones (a known patient). */
    private FullscriptPatient changes(String tenant, PatientDemographics p, Set<String> only, boolean create) {
        return new FullscriptPatient(null,
                pick(only, DemographicsFingerprint.FIRST_NAME, p.firstName()),
                pick(only, DemographicsFingerprint.LAST_NAME, p.lastName()),
                pick(only, DemographicsFingerprint.EMAIL, p.email()),
                pick(only, DemographicsFingerprint.DATE_OF_BIRTH, p.dateOfBirth() == null ? null : p.dateOfBirth().toString()),
                pick(only, DemographicsFingerprint.GENDER, p.gender()),
                pick(only, DemographicsFingerprint.MOBILE, p.mobile()),
                create ? properties.isSendWelcomeEmail() : null,
                only == null ? new FullscriptPatient.Metadata(metadataId(tenant, p.id())) : null);
    }

    private static String pick(Set<String> only, String field, String value) {
        return only == null || only.contains(field) ? value : null;
    }

    /** The Fullscript patient is already in our cross-index for another EHR patient (of any tenant) in this clinic. */
    private String linkedToAnother(String tenant, String clinicId, String ehrPatientId, String fullscriptPatientId) {
        boolean taken = xrefs.findByClinicIdAndFullscriptPatientId(clinicId, fullscriptPatientId).stream()
                .anyMatch(x -> !(x.getTenant().equals(tenant) && x.getEhrPatientId().equals(ehrPatientId)));
        return taken ? "linked_to_another_ehr_patient" : null;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    /** A different person behind the same email: birth dates or last names that both exist and differ. */
    private static String conflict(PatientDemographics p, FullscriptPatient candidate) {
        if (p.dateOfBirth() != null && candidate.dateOfBirth() != null && !candidate.dateOfBirth().isBlank()
                && !p.dateOfBirth().toString().equals(candidate.dateOfBirth().strip())) {
            return "date_of_birth_conflict";
        }
        if (p.lastName() != null && candidate.lastName() != null
                && !p.lastName().strip().toLowerCase(Locale.ROOT).equals(candidate.lastName().strip().toLowerCase(Locale.ROOT))) {
            return "last_name_conflict";
        }
        return null;
    }

    private static Map<String, String> mergedHashes(Map<String, String> synced, Map<String, String> now) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(synced);
        merged.putAll(now);
        return merged;
    }

    private static List<String> ids(List<FullscriptPatient> candidates) {
        return candidates.stream().map(FullscriptPatient::id).toList();
    }

    private <T extends Outcome> T counted(T outcome) {
        String method = outcome instanceof Linked l ? l.matchedBy() : outcome instanceof NotLinked n ? n.reason() : "review";
        meters.counter("bridge.crossindex.matches", "method", method).increment();
        return outcome;
    }
}
