package io.fullscriptbridge.bench;

/** Canonical JSON patient.upsert bodies for synthetic patients (ids and e-mails unique per run; no real data). */
final class PatientBodies {

    private PatientBodies() {
    }

    static String ehrId(String prefix, int i) {
        return prefix + "-" + i;
    }

    /** Version 0 is how the patient is created; each later version changes the first name only. */
    static String upsert(String prefix, int i, int version) {
        String id = ehrId(prefix, i);
        return "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + id + "\",\"firstName\":\"Bench" + version
                + "\",\"lastName\":\"Patient\",\"email\":\"" + id.toLowerCase() + "@bench.example.com\","
                + "\"dateOfBirth\":\"1985-12-10\",\"gender\":\"female\",\"mobile\":\"+12025550143\"}}";
    }
}
