package io.fullscriptbridge.simulator;

import static io.fullscriptbridge.simulator.SimulatorClinicTest.texts;
import static io.fullscriptbridge.simulator.SimulatorSeed.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@SimulatorIntegrationTest
class SimulatorPatientTest {

    @LocalServerPort
    int port;

    @Autowired
    SimulatorState state;

    SimulatorHttp http;

    @BeforeEach
    void reset() {
        http = new SimulatorHttp(port);
        http.reset();
    }

    // --- create / retrieve / PATCH / metadata ------------------------------------------------------------------

    @Test
    void createdPatientCanBeRetrievedPatchedAndFoundByMetadata() {
        Map<String, Object> patient = new HashMap<>();
        patient.put("email", "ada.lovelace@example.com");
        patient.put("first_name", "Ada");
        patient.put("last_name", "Lovelace");
        patient.put("date_of_birth", "1985-12-10");
        patient.put("gender", "female");
        patient.put("mobile_number", "+15555550100");
        patient.put("send_welcome_email", false);
        patient.put("metadata", Map.of("id", "MRN-42"));

        SimulatorHttp.Response created = http.post("/clinic/patients", TOKEN_PRACTITIONER_1,
                Map.of("patient", patient));

        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json().get("patient");
        List<String> keys = new ArrayList<>();
        body.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("id", "first_name", "last_name", "email", "date_of_birth", "gender",
                "mobile_number", "discount", "total_discount", "text_message_notification", "archived", "metadata",
                "created_at", "updated_at");
        String id = body.get("id").asText();
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(body.get("first_name").asText()).isEqualTo("Ada");
        assertThat(body.get("date_of_birth").asText()).isEqualTo("1985-12-10");
        assertThat(body.get("gender").asText()).isEqualTo("female");
        assertThat(body.get("mobile_number").asText()).isEqualTo("+15555550100");
        assertThat(body.get("discount").asInt()).isZero();
        assertThat(body.get("archived").asBoolean()).isFalse();
        assertThat(body.at("/metadata/id").asText()).isEqualTo("MRN-42");
        assertThat(body.get("created_at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

        SimulatorHttp.Response retrieved = http.get("/clinic/patients/" + id, TOKEN_STAFF_1);
        assertThat(retrieved.status()).isEqualTo(200);
        assertThat(retrieved.json().get("patient")).isEqualTo(body);

        // PATCH with top-level fields: only what is sent changes
        SimulatorHttp.Response patched = http.patch("/clinic/patients/" + id, TOKEN_PRACTITIONER_1,
                Map.of("last_name", "King", "discount", "12.5"));
        assertThat(patched.status()).isEqualTo(200);
        JsonNode after = patched.json().get("patient");
        assertThat(after.get("last_name").asText()).isEqualTo("King");
        assertThat(after.get("discount").asDouble()).isEqualTo(12.5);
        assertThat(after.get("first_name").asText()).isEqualTo("Ada");
        assertThat(after.get("email").asText()).isEqualTo("ada.lovelace@example.com");
        assertThat(after.at("/metadata/id").asText()).isEqualTo("MRN-42");
        assertThat(Instant.parse(after.get("updated_at").asText()))
                .isAfterOrEqualTo(Instant.parse(after.get("created_at").asText()));
        assertThat(state.patient(id)).hasValueSatisfying(p -> assertThat(p.lastName()).isEqualTo("King"));

        JsonNode found = http.get("/clinic/metadata?id=MRN-42&type=patient", TOKEN_PRACTITIONER_1).json();
        assertThat(found.get("metadata")).hasSize(1);
        assertThat(found.at("/metadata/0/id").asText()).isEqualTo("MRN-42");
        assertThat(found.at("/metadata/0/type").asText()).isEqualTo("patient");
        assertThat(found.at("/metadata/0/data/id").asText()).isEqualTo(id);
        assertThat(found.at("/meta/total_count").asInt()).isEqualTo(1);

        // metadata can be changed by PATCH; the old id then finds nothing
        http.patch("/clinic/patients/" + id, TOKEN_PRACTITIONER_1, Map.of("patient", Map.of("metadata",
                Map.of("id", "MRN-43"))));
        assertThat(http.get("/clinic/metadata?id=MRN-42&type=patient", TOKEN_PRACTITIONER_1).json().get("metadata"))
                .isEmpty();
        assertThat(http.get("/clinic/metadata?id=MRN-43&type=patient", TOKEN_PRACTITIONER_1).json()
                .at("/metadata/0/data/id").asText()).isEqualTo(id);
    }

    @Test
    void seededPatientIsFoundByItsMetadataId() {
        JsonNode found = http.get("/clinic/metadata?id=" + PATIENT_WITH_METADATA_METADATA_ID + "&type=patient",
                TOKEN_PRACTITIONER_1).json();

        assertThat(found.at("/metadata/0/data/id").asText()).isEqualTo(PATIENT_WITH_METADATA_ID);
        assertThat(http.get("/clinic/metadata?id=unknown&type=patient", TOKEN_PRACTITIONER_1).json().get("metadata"))
                .isEmpty();
    }

    @Test
    void metadataLookupNeedsIdAndAKnownType() {
        SimulatorHttp.Response missing = http.get("/clinic/metadata", TOKEN_PRACTITIONER_1);
        assertThat(missing.status()).isEqualTo(422);
        assertThat(texts(missing.json().get("error"))).containsExactly("Id can't be blank", "Type can't be blank");

        SimulatorHttp.Response badType = http.get("/clinic/metadata?id=x&type=order", TOKEN_PRACTITIONER_1);
        assertThat(badType.status()).isEqualTo(422);
        assertThat(texts(badType.json().get("error"))).containsExactly("Type is not included in the list");

        assertThat(http.get("/clinic/metadata?id=x&type=treatment_plan", TOKEN_PRACTITIONER_1).json()
                .get("metadata")).isEmpty();
    }

    @Test
    void welcomeEmailIsRecordedUnlessSwitchedOff() {
        String quiet = createPatient(Map.of("email", "quiet@example.com", "first_name", "Q", "last_name", "Uiet",
                "send_welcome_email", "false"));
        String loud = createPatient(Map.of("email", "loud@example.com", "first_name", "L", "last_name", "Oud"));

        assertThat(state.patient(quiet).orElseThrow().welcomeEmailSent()).isFalse();
        assertThat(state.patient(loud).orElseThrow().welcomeEmailSent()).isTrue();
        JsonNode adminState = http.admin("GET", "/state", null).json();
        Map<String, Boolean> welcome = new HashMap<>();
        adminState.get("patients").forEach(p ->
                welcome.put(p.at("/patient/id").asText(), p.get("welcomeEmailSent").asBoolean()));
        assertThat(welcome).containsEntry(quiet, false).containsEntry(loud, true);
    }

    // --- validation -------------------------------------------------------------------------------------------

    @Test
    void emptyCreateListsEveryMissingField() {
        SimulatorHttp.Response response = http.post("/clinic/patients", TOKEN_PRACTITIONER_1, Map.of("patient",
                Map.of()));

        assertThat(response.status()).isEqualTo(422);
        assertThat(texts(response.json().get("error"))).containsExactly("Email can't be blank",
                "First name can't be blank", "Last name can't be blank", "Email is invalid");
    }

    @Test
    void invalidValuesGetFullscriptsMessages() {
        SimulatorHttp.Response response = http.post("/clinic/patients", TOKEN_PRACTITIONER_1, Map.of(
                "email", "not-an-email", "first_name", "A", "last_name", "B", "gender", "M",
                "date_of_birth", "1990-13-01"));

        assertThat(response.status()).isEqualTo(422);
        assertThat(texts(response.json().get("error"))).containsExactly("Email is invalid",
                "Gender is not included in the list", "Date of birth is invalid");
        assertThat(state.patients(CLINIC_1_ID)).hasSize(CLINIC_1_PATIENT_COUNT);
    }

    @Test
    void emailMustBeUniqueInTheClinicIgnoringCase() {
        SimulatorHttp.Response duplicate = http.post("/clinic/patients", TOKEN_PRACTITIONER_1, Map.of("patient",
                Map.of("email", PATIENT_PLAIN_EMAIL.toUpperCase(), "first_name", "T", "last_name", "E")));
        assertThat(duplicate.status()).isEqualTo(422);
        assertThat(texts(duplicate.json().get("error"))).containsExactly("Email has already been taken");

        SimulatorHttp.Response family = http.post("/clinic/patients", TOKEN_PRACTITIONER_1, Map.of("patient",
                Map.of("email", FAMILY_EMAIL, "first_name", "Zoe", "last_name", "Rivera")));
        assertThat(family.status()).as("only the seed creates shared-email dependents").isEqualTo(422);

        SimulatorHttp.Response otherClinic = http.post("/clinic/patients", TOKEN_PRACTITIONER_2, Map.of("patient",
                Map.of("email", PATIENT_PLAIN_EMAIL, "first_name", "Tomas", "last_name", "Eriksen")));
        assertThat(otherClinic.status()).as("uniqueness is per clinic").isEqualTo(201);

        SimulatorHttp.Response patchToTaken = http.patch("/clinic/patients/" + PATIENT_PLAIN_ID, TOKEN_PRACTITIONER_1,
                Map.of("email", PATIENT_WITH_METADATA_EMAIL, "first_name", " "));
        assertThat(patchToTaken.status()).isEqualTo(422);
        assertThat(texts(patchToTaken.json().get("error")))
                .containsExactly("First name can't be blank", "Email has already been taken");

        // a dependent keeps the shared family email when something else changes
        SimulatorHttp.Response dependent = http.patch("/clinic/patients/" + PATIENT_DEPENDENT_1_ID,
                TOKEN_PRACTITIONER_1, Map.of("patient", Map.of("first_name", "Leon", "email", FAMILY_EMAIL)));
        assertThat(dependent.status()).isEqualTo(200);
        assertThat(dependent.json().at("/patient/first_name").asText()).isEqualTo("Leon");
    }

    @Test
    void badInputIs400Or422NeverA500() {
        SimulatorHttp.Response malformed = http.post("/clinic/patients", TOKEN_PRACTITIONER_1, "{\"patient\": {");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(texts(malformed.json().get("error"))).containsExactly("Malformed JSON body");

        SimulatorHttp.Response array = http.post("/clinic/patients", TOKEN_PRACTITIONER_1, "[1,2]");
        assertThat(array.status()).isEqualTo(400);

        SimulatorHttp.Response notJson = http.postRaw("/clinic/patients", TOKEN_PRACTITIONER_1, "text/plain", "hi");
        assertThat(notJson.status()).isEqualTo(415);
        assertThat(notJson.json().get("error").isArray()).isTrue();

        SimulatorHttp.Response wrongTypes = http.post("/clinic/patients", TOKEN_PRACTITIONER_1, Map.of(
                "email", "wrong.types@example.com", "first_name", Map.of("x", 1), "last_name", List.of("y"),
                "discount", "lots", "metadata", "MRN-1"));
        assertThat(wrongTypes.status()).isEqualTo(422);
        assertThat(texts(wrongTypes.json().get("error"))).containsExactly("First name is invalid",
                "Last name is invalid", "Discount is not a number", "Metadata is invalid");

        SimulatorHttp.Response badPage = http.get("/clinic/patients?page%5Bnumber%5D=two", TOKEN_PRACTITIONER_1);
        assertThat(badPage.status()).isEqualTo(400);
        assertThat(badPage.json().get("error").get(0).asText()).contains("page[number]");
    }

    @Test
    void concurrentCreatesWithOneEmailMakeExactlyOnePatient() throws Exception {
        int threads = 12;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int n = i;
            statuses.add(pool.submit(() -> {
                start.await();
                return http.post("/clinic/patients", TOKEN_PRACTITIONER_1, Map.of("patient", Map.of(
                        "email", "race@example.com", "first_name", "Race", "last_name", "Runner" + n))).status();
            }));
        }
        start.countDown();
        List<Integer> results = new ArrayList<>();
        for (Future<Integer> status : statuses) {
            results.add(status.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(results).filteredOn(s -> s == 201).hasSize(1);
        assertThat(results).filteredOn(s -> s == 422).hasSize(threads - 1);
        assertThat(state.patients(CLINIC_1_ID)).filteredOn(p -> p.email().equals("race@example.com")).hasSize(1);
    }

    // --- list and pagination ----------------------------------------------------------------------------------

    @Test
    void listIsPaginatedInCreationOrder() {
        List<String> createdIds = new ArrayList<>();
        for (int i = 1; i <= 23; i++) {
            createdIds.add(createPatient(Map.of("email", "bulk" + i + "@example.com", "first_name", "Bulk",
                    "last_name", "Patient" + i, "send_welcome_email", false)));
        }
        int total = CLINIC_1_PATIENT_COUNT + 23;

        JsonNode page1 = page(1, 10);
        assertMeta(page1, 1, 2, null, 3, total);
        assertThat(page1.at("/patients/0/id").asText()).isEqualTo(PATIENT_GUARDIAN_ID);
        JsonNode page2 = page(2, 10);
        assertMeta(page2, 2, 3, 1, 3, total);
        JsonNode page3 = page(3, 10);
        assertMeta(page3, 3, null, 2, 3, total);
        assertThat(page3.get("patients")).hasSize(total - 20);

        List<String> all = new ArrayList<>();
        for (JsonNode page : List.of(page1, page2, page3)) {
            page.get("patients").forEach(p -> all.add(p.get("id").asText()));
        }
        assertThat(all).hasSize(total).doesNotHaveDuplicates();
        assertThat(all.subList(0, CLINIC_1_PATIENT_COUNT)).containsExactly(PATIENT_GUARDIAN_ID,
                PATIENT_DEPENDENT_1_ID, PATIENT_DEPENDENT_2_ID, PATIENT_WITH_METADATA_ID, PATIENT_PLAIN_ID);
        assertThat(all.subList(CLINIC_1_PATIENT_COUNT, total)).containsExactlyElementsOf(createdIds);

        JsonNode beyond = page(9, 10);
        assertThat(beyond.get("patients")).isEmpty();
        assertThat(beyond.at("/meta/next_page").isNull()).isTrue();

        JsonNode defaults = http.get("/clinic/patients", TOKEN_PRACTITIONER_1).json();
        assertThat(defaults.get("patients")).hasSize(20);
        assertMeta(defaults, 1, 2, null, 2, total);

        JsonNode capped = page(1, 500);
        assertThat(capped.get("patients")).hasSize(total);
        assertMeta(capped, 1, null, null, 1, total);

        JsonNode tiny = page(1, 0);
        assertThat(tiny.get("patients")).hasSize(1);
        assertThat(tiny.at("/meta/total_pages").asInt()).isEqualTo(total);
    }

    @Test
    void rawSquareBracketsInTheQueryStringAreAccepted() throws IOException {
        String request = "GET /simulator/fullscript/api/clinic/patients?page[number]=2&page[size]=2 HTTP/1.1\r\n"
                + "Host: localhost\r\nAuthorization: Bearer " + TOKEN_PRACTITIONER_1 + "\r\nConnection: close\r\n\r\n";
        String response;
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            in.transferTo(buffer);
            response = buffer.toString(StandardCharsets.UTF_8);
        }
        assertThat(response).startsWith("HTTP/1.1 200");
        assertThat(response).contains("\"current_page\":2").contains(PATIENT_DEPENDENT_2_ID);
    }

    @Test
    void patientTypeFiltersTheList() {
        assertThat(ids(http.get("/clinic/patients?patient_type=guardian", TOKEN_PRACTITIONER_1)))
                .containsExactly(PATIENT_GUARDIAN_ID);
        assertThat(ids(http.get("/clinic/patients?patient_type=dependent", TOKEN_PRACTITIONER_1)))
                .containsExactly(PATIENT_DEPENDENT_1_ID, PATIENT_DEPENDENT_2_ID);
        assertThat(ids(http.get("/clinic/patients?patient_type=all", TOKEN_PRACTITIONER_1)))
                .hasSize(CLINIC_1_PATIENT_COUNT);
        SimulatorHttp.Response bogus = http.get("/clinic/patients?patient_type=adult", TOKEN_PRACTITIONER_1);
        assertThat(bogus.status()).isEqualTo(422);
        assertThat(texts(bogus.json().get("error"))).containsExactly("Patient type is not included in the list");
    }

    // --- search -----------------------------------------------------------------------------------------------

    @Test
    void threePatientsShareTheGuardianEmailAndSearchLeavesTheGuardianOutByDefault() {
        List<String> everyone = ids(http.get("/clinic/search/patients?patient_type=all&query="
                + SimulatorHttp.enc(FAMILY_EMAIL), TOKEN_PRACTITIONER_1));
        assertThat(everyone).containsExactly(PATIENT_GUARDIAN_ID, PATIENT_DEPENDENT_1_ID, PATIENT_DEPENDENT_2_ID);
        http.get("/clinic/search/patients?patient_type=all&query=" + SimulatorHttp.enc(FAMILY_EMAIL),
                TOKEN_PRACTITIONER_1).json().get("patients")
                .forEach(p -> assertThat(p.get("email").asText()).isEqualTo(FAMILY_EMAIL));

        // "If not provided, patients with no dependents will be returned"
        assertThat(ids(http.get("/clinic/search/patients?query=" + SimulatorHttp.enc(FAMILY_EMAIL),
                TOKEN_PRACTITIONER_1))).containsExactly(PATIENT_DEPENDENT_1_ID, PATIENT_DEPENDENT_2_ID);
        assertThat(ids(http.get("/clinic/search/patients?query=rivera&patient_type=guardian", TOKEN_PRACTITIONER_1)))
                .containsExactly(PATIENT_GUARDIAN_ID);
        assertThat(ids(http.get("/clinic/search/patients?query=rivera&patient_type=dependent", TOKEN_PRACTITIONER_1)))
                .containsExactly(PATIENT_DEPENDENT_1_ID, PATIENT_DEPENDENT_2_ID);
    }

    @Test
    void searchMatchesNamesAndEmailCaseInsensitively() {
        assertThat(ids(http.get("/clinic/search/patients?query=HADDAD", TOKEN_PRACTITIONER_1)))
                .containsExactly(PATIENT_WITH_METADATA_ID);
        assertThat(ids(http.get("/clinic/search/patients?query=noor", TOKEN_PRACTITIONER_1)))
                .containsExactly(PATIENT_WITH_METADATA_ID);
        assertThat(ids(http.get("/clinic/search/patients?query=" + SimulatorHttp.enc("Eriksen@EXAMPLE.com"),
                TOKEN_PRACTITIONER_1))).containsExactly(PATIENT_PLAIN_ID);
        assertThat(ids(http.get("/clinic/search/patients?query=nobody-like-this", TOKEN_PRACTITIONER_1))).isEmpty();

        SimulatorHttp.Response paged = http.get("/clinic/search/patients?query=example.com&patient_type=all"
                + "&page%5Bsize%5D=2&page%5Bnumber%5D=2", TOKEN_PRACTITIONER_1);
        assertMeta(paged.json(), 2, 3, 1, 3, CLINIC_1_PATIENT_COUNT);
    }

    // --- clinic isolation -------------------------------------------------------------------------------------

    @Test
    void aTokenOfClinic2CannotSeeOrChangeClinic1Patients() {
        SimulatorHttp.Response retrieve = http.get("/clinic/patients/" + PATIENT_PLAIN_ID, TOKEN_PRACTITIONER_2);
        assertThat(retrieve.status()).isEqualTo(404);
        assertThat(texts(retrieve.json().get("error"))).containsExactly("Not found");

        SimulatorHttp.Response patch = http.patch("/clinic/patients/" + PATIENT_PLAIN_ID, TOKEN_PRACTITIONER_2,
                Map.of("first_name", "Hijacked"));
        assertThat(patch.status()).isEqualTo(404);
        assertThat(state.patient(PATIENT_PLAIN_ID).orElseThrow().firstName()).isEqualTo("Tomas");

        assertThat(ids(http.get("/clinic/patients", TOKEN_PRACTITIONER_2))).containsExactly(CLINIC_2_PATIENT_ID);
        assertThat(ids(http.get("/clinic/search/patients?query=rivera&patient_type=all", TOKEN_PRACTITIONER_2)))
                .isEmpty();
        assertThat(http.get("/clinic/metadata?id=" + PATIENT_WITH_METADATA_METADATA_ID + "&type=patient",
                TOKEN_PRACTITIONER_2).json().get("metadata")).isEmpty();

        // the same person, through their clinic-1 membership, does see it
        assertThat(http.get("/clinic/patients/" + PATIENT_PLAIN_ID, TOKEN_SHARED_PRACTITIONER_CLINIC_1).status())
                .isEqualTo(200);
        assertThat(http.get("/clinic/patients/" + PATIENT_PLAIN_ID, TOKEN_SHARED_PRACTITIONER_CLINIC_2).status())
                .isEqualTo(404);
    }

    @Test
    void resetRestoresTheSeed() {
        createPatient(Map.of("email", "temp@example.com", "first_name", "Temp", "last_name", "Orary"));
        http.patch("/clinic/patients/" + PATIENT_PLAIN_ID, TOKEN_PRACTITIONER_1, Map.of("first_name", "Changed"));
        assertThat(state.patients(CLINIC_1_ID)).hasSize(CLINIC_1_PATIENT_COUNT + 1);

        http.reset();

        assertThat(state.patients(CLINIC_1_ID)).hasSize(CLINIC_1_PATIENT_COUNT);
        assertThat(http.get("/clinic/patients/" + PATIENT_PLAIN_ID, TOKEN_PRACTITIONER_1).json()
                .at("/patient/first_name").asText()).isEqualTo("Tomas");
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private String createPatient(Map<String, Object> fields) {
        SimulatorHttp.Response response = http.post("/clinic/patients", TOKEN_PRACTITIONER_1,
                Map.of("patient", fields));
        assertThat(response.status()).as("create %s", response).isEqualTo(201);
        return response.json().at("/patient/id").asText();
    }

    private JsonNode page(int number, int size) {
        SimulatorHttp.Response response = http.get("/clinic/patients?page%5Bnumber%5D=" + number
                + "&page%5Bsize%5D=" + size, TOKEN_PRACTITIONER_1);
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    private static void assertMeta(JsonNode body, int current, Integer next, Integer prev, int totalPages,
                                   int totalCount) {
        JsonNode meta = body.get("meta");
        assertThat(meta.get("current_page").asInt()).isEqualTo(current);
        assertThat(meta.get("next_page").isNull() ? null : meta.get("next_page").asInt()).isEqualTo(next);
        assertThat(meta.get("prev_page").isNull() ? null : meta.get("prev_page").asInt()).isEqualTo(prev);
        assertThat(meta.get("total_pages").asInt()).isEqualTo(totalPages);
        assertThat(meta.get("total_count").asInt()).isEqualTo(totalCount);
    }

    private static List<String> ids(SimulatorHttp.Response response) {
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().get("patients").forEach(p -> ids.add(p.get("id").asText()));
        return ids;
    }
}
