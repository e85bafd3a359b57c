package io.fullscriptbridge.simulator;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The simulator's seed data, with fixed ids so that tests and local configuration can name them.
 * {@code POST /simulator/admin/reset} restores exactly this state.
 *
 * <p>Id scheme (valid v4 UUIDs): clinics {@code 10000000-…}, practitioners {@code 20000000-…},
 * staff {@code 30000000-…}, patients {@code 40000000-…}, integrations {@code 50000000-…},
 * catalog variants {@code 70000000-…}.
 */
public final class SimulatorSeed {

    private SimulatorSeed() {
    }

    // --- clinics ---------------------------------------------------------------------------------------------
    public static final String CLINIC_1_ID = "10000000-0000-4000-8000-000000000001";
    public static final String CLINIC_1_NAME = "Maple Grove Wellness";
    public static final String CLINIC_2_ID = "10000000-0000-4000-8000-000000000002";
    public static final String CLINIC_2_NAME = "Harbour Integrative Health";
    public static final String CLINIC_1_INTEGRATION_ID = "50000000-0000-4000-8000-000000000001";
    public static final String CLINIC_2_INTEGRATION_ID = "50000000-0000-4000-8000-000000000002";

    // --- practitioners and staff (each record is one clinic membership) -------------------------------------
    public static final String PRACTITIONER_TYPE_ND_ID = "60000000-0000-4000-8000-000000000001";
    public static final String PRACTITIONER_TYPE_MD_ID = "60000000-0000-4000-8000-000000000002";

    /** Dr. Olivia Bennett, practitioner in clinic 1 only. */
    public static final String PRACTITIONER_1_ID = "20000000-0000-4000-8000-000000000001";
    public static final String PRACTITIONER_1_EMAIL = "olivia.bennett@maplegrove.example";
    /** Dr. Marcus Lee, practitioner in clinic 2 only. */
    public static final String PRACTITIONER_2_ID = "20000000-0000-4000-8000-000000000002";
    public static final String PRACTITIONER_2_EMAIL = "marcus.lee@harbour.example";
    /** Dr. Priya Shah works in both clinics: one practitioner record per clinic, same email. */
    public static final String SHARED_PRACTITIONER_EMAIL = "priya.shah@example.com";
    public static final String SHARED_PRACTITIONER_CLINIC_1_ID = "20000000-0000-4000-8000-000000000011";
    public static final String SHARED_PRACTITIONER_CLINIC_2_ID = "20000000-0000-4000-8000-000000000012";
    /** Jordan Kim, staff member (clerk) in clinic 1. */
    public static final String STAFF_1_ID = "30000000-0000-4000-8000-000000000001";
    public static final String STAFF_1_EMAIL = "jordan.kim@maplegrove.example";

    // --- patients ---------------------------------------------------------------------------------------------
    /** The email shared by the guardian and both dependents of the Rivera family (clinic 1). */
    public static final String FAMILY_EMAIL = "rivera.family@example.com";
    /** Sam Rivera, guardian of the two dependents below (clinic 1). */
    public static final String PATIENT_GUARDIAN_ID = "40000000-0000-4000-8000-000000000001";
    /** Leo Rivera, dependent of {@link #PATIENT_GUARDIAN_ID}. */
    public static final String PATIENT_DEPENDENT_1_ID = "40000000-0000-4000-8000-000000000002";
    /** Mia Rivera, dependent of {@link #PATIENT_GUARDIAN_ID}. */
    public static final String PATIENT_DEPENDENT_2_ID = "40000000-0000-4000-8000-000000000003";
    /** Noor Haddad (clinic 1), linked through metadata id {@link #PATIENT_WITH_METADATA_METADATA_ID}. */
    public static final String PATIENT_WITH_METADATA_ID = "40000000-0000-4000-8000-000000000004";
    public static final String PATIENT_WITH_METADATA_EMAIL = "noor.haddad@example.com";
    /** The EHR id of that patient at tenant "demo"; the bridge writes metadata ids as {@code <tenant>:<ehr patient id>}. */
    public static final String PATIENT_WITH_METADATA_EHR_ID = "SEED-EHR-1001";
    public static final String PATIENT_WITH_METADATA_METADATA_ID = "demo:" + PATIENT_WITH_METADATA_EHR_ID;
    /** Tomas Eriksen (clinic 1), no metadata. */
    public static final String PATIENT_PLAIN_ID = "40000000-0000-4000-8000-000000000005";
    public static final String PATIENT_PLAIN_EMAIL = "tomas.eriksen@example.com";
    /** Aiko Tanaka, the one patient of clinic 2. */
    public static final String CLINIC_2_PATIENT_ID = "40000000-0000-4000-8000-000000000101";
    public static final String CLINIC_2_PATIENT_EMAIL = "aiko.tanaka@example.com";

    public static final int CLINIC_1_PATIENT_COUNT = 5;

    // --- catalog (no catalog endpoints are simulated; these ids only appear in recommendations and orders) -----
    /** The variant the simulated Fullscript page recommends when a practitioner completes a dynamic link. */
    public static final String SAMPLE_VARIANT_ID = "70000000-0000-4000-8000-000000000001";
    /** Another variant id, for tests that need two. */
    public static final String SAMPLE_VARIANT_2_ID = "70000000-0000-4000-8000-000000000002";

    // --- seeded tokens (valid for bridge.simulator.seed-token-ttl, restored by reset) ------------------------
    public static final String TOKEN_PRACTITIONER_1 = "sim-seed-practitioner-1";
    public static final String REFRESH_TOKEN_PRACTITIONER_1 = "sim-seed-practitioner-1-refresh";
    public static final String TOKEN_PRACTITIONER_2 = "sim-seed-practitioner-2";
    public static final String REFRESH_TOKEN_PRACTITIONER_2 = "sim-seed-practitioner-2-refresh";
    public static final String TOKEN_SHARED_PRACTITIONER_CLINIC_1 = "sim-seed-shared-practitioner-clinic-1";
    public static final String REFRESH_TOKEN_SHARED_PRACTITIONER_CLINIC_1 = "sim-seed-shared-practitioner-clinic-1-refresh";
    public static final String TOKEN_SHARED_PRACTITIONER_CLINIC_2 = "sim-seed-shared-practitioner-clinic-2";
    public static final String REFRESH_TOKEN_SHARED_PRACTITIONER_CLINIC_2 = "sim-seed-shared-practitioner-clinic-2-refresh";
    public static final String TOKEN_STAFF_1 = "sim-seed-staff-1";
    public static final String REFRESH_TOKEN_STAFF_1 = "sim-seed-staff-1-refresh";

    /** A seeded access/refresh token pair for one membership. */
    public record SeedToken(String shortName, String resourceOwnerId, String accessToken, String refreshToken) {
    }

    public static List<SeedToken> seedTokens() {
        return List.of(
                new SeedToken("practitioner-1", PRACTITIONER_1_ID, TOKEN_PRACTITIONER_1, REFRESH_TOKEN_PRACTITIONER_1),
                new SeedToken("practitioner-2", PRACTITIONER_2_ID, TOKEN_PRACTITIONER_2, REFRESH_TOKEN_PRACTITIONER_2),
                new SeedToken("shared-practitioner-clinic-1", SHARED_PRACTITIONER_CLINIC_1_ID,
                        TOKEN_SHARED_PRACTITIONER_CLINIC_1, REFRESH_TOKEN_SHARED_PRACTITIONER_CLINIC_1),
                new SeedToken("shared-practitioner-clinic-2", SHARED_PRACTITIONER_CLINIC_2_ID,
                        TOKEN_SHARED_PRACTITIONER_CLINIC_2, REFRESH_TOKEN_SHARED_PRACTITIONER_CLINIC_2),
                new SeedToken("staff-1", STAFF_1_ID, TOKEN_STAFF_1, REFRESH_TOKEN_STAFF_1));
    }

    private static final Instant SEEDED_AT = Instant.parse("2024-01-15T09:00:00Z");

    private static Instant seededAt(int minutes) {
        return SEEDED_AT.plusSeconds(60L * minutes);
    }

    static List<SimClinic> clinics() {
        return List.of(
                new SimClinic(CLINIC_1_ID, CLINIC_1_NAME, "https://us-snd.fullscript.io/u/maple-grove-wellness",
                        CLINIC_1_INTEGRATION_ID, Instant.parse("2024-01-10T12:00:00Z")),
                new SimClinic(CLINIC_2_ID, CLINIC_2_NAME, "https://us-snd.fullscript.io/u/harbour-integrative-health",
                        CLINIC_2_INTEGRATION_ID, Instant.parse("2024-01-11T12:00:00Z")));
    }

    static List<SimUser> users() {
        return List.of(
                practitioner(PRACTITIONER_1_ID, CLINIC_1_ID, "Olivia", "Bennett", PRACTITIONER_1_EMAIL,
                        PRACTITIONER_TYPE_ND_ID, 1),
                practitioner(PRACTITIONER_2_ID, CLINIC_2_ID, "Marcus", "Lee", PRACTITIONER_2_EMAIL,
                        PRACTITIONER_TYPE_MD_ID, 2),
                practitioner(SHARED_PRACTITIONER_CLINIC_1_ID, CLINIC_1_ID, "Priya", "Shah", SHARED_PRACTITIONER_EMAIL,
                        PRACTITIONER_TYPE_ND_ID, 3),
                practitioner(SHARED_PRACTITIONER_CLINIC_2_ID, CLINIC_2_ID, "Priya", "Shah", SHARED_PRACTITIONER_EMAIL,
                        PRACTITIONER_TYPE_ND_ID, 4),
                new SimUser(STAFF_1_ID, CLINIC_1_ID, SimUser.Type.STAFF, "Jordan", "Kim", STAFF_1_EMAIL,
                        null, true, null, seededAt(5), seededAt(5)));
    }

    private static SimUser practitioner(String id, String clinicId, String first, String last, String email,
                                        String typeId, int minute) {
        return new SimUser(id, clinicId, SimUser.Type.PRACTITIONER, first, last, email, typeId, true, null,
                seededAt(minute), seededAt(minute));
    }

    static List<SimPatient> patients() {
        return List.of(
                patient(PATIENT_GUARDIAN_ID, CLINIC_1_ID, "Sam", "Rivera", FAMILY_EMAIL, "1982-04-12", "female",
                        "+15555550101", null, null, 10),
                patient(PATIENT_DEPENDENT_1_ID, CLINIC_1_ID, "Leo", "Rivera", FAMILY_EMAIL, "2014-09-03", "male",
                        null, null, PATIENT_GUARDIAN_ID, 11),
                patient(PATIENT_DEPENDENT_2_ID, CLINIC_1_ID, "Mia", "Rivera", FAMILY_EMAIL, "2017-02-21", "female",
                        null, null, PATIENT_GUARDIAN_ID, 12),
                patient(PATIENT_WITH_METADATA_ID, CLINIC_1_ID, "Noor", "Haddad", PATIENT_WITH_METADATA_EMAIL,
                        "1990-07-15", "female", "+15555550111", PATIENT_WITH_METADATA_METADATA_ID, null, 13),
                patient(PATIENT_PLAIN_ID, CLINIC_1_ID, "Tomas", "Eriksen", PATIENT_PLAIN_EMAIL, "1975-11-30", "male",
                        null, null, null, 14),
                patient(CLINIC_2_PATIENT_ID, CLINIC_2_ID, "Aiko", "Tanaka", CLINIC_2_PATIENT_EMAIL, "1988-03-08",
                        "x", "+15555550121", null, null, 15));
    }

    private static SimPatient patient(String id, String clinicId, String first, String last, String email, String dob,
                                      String gender, String mobile, String metadataId, String guardianId, int minute) {
        return new SimPatient(id, clinicId, first, last, email, LocalDate.parse(dob), gender, mobile, BigDecimal.ZERO,
                mobile != null, false, metadataId, guardianId, false, seededAt(minute), seededAt(minute));
    }
}
