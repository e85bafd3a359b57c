package io.fullscriptbridge.simulator;

import static io.fullscriptbridge.simulator.SimulatorSeed.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@SimulatorIntegrationTest
class SimulatorClinicTest {

    @LocalServerPort
    int port;

    SimulatorHttp http;

    @BeforeEach
    void reset() {
        http = new SimulatorHttp(port);
        http.reset();
    }

    @Test
    void clinicEndpointDescribesTheTokensClinic() {
        SimulatorHttp.Response response = http.get("/clinic", TOKEN_PRACTITIONER_1);

        assertThat(response.status()).isEqualTo(200);
        JsonNode clinic = response.json().get("clinic");
        assertThat(clinic.get("id").asText()).isEqualTo(CLINIC_1_ID);
        assertThat(clinic.get("name").asText()).isEqualTo(CLINIC_1_NAME);
        assertThat(clinic.get("patient_count").asInt()).isEqualTo(CLINIC_1_PATIENT_COUNT);
        assertThat(clinic.get("practitioner_count").asInt()).isEqualTo(2);
        assertThat(clinic.get("integration_id").asText()).isEqualTo(CLINIC_1_INTEGRATION_ID);
        assertThat(clinic.get("integration_activated_at").asText()).isEqualTo("2024-01-10T12:00:00.000Z");
        assertThat(clinic.get("dispensary_url").asText()).startsWith("https://");

        JsonNode other = http.get("/clinic", TOKEN_PRACTITIONER_2).json().get("clinic");
        assertThat(other.get("id").asText()).isEqualTo(CLINIC_2_ID);
        assertThat(other.get("patient_count").asInt()).isEqualTo(1);
    }

    @Test
    void theSharedPractitionerSeesTheClinicOfTheMembershipTheTokenBelongsTo() {
        assertThat(http.get("/clinic", TOKEN_SHARED_PRACTITIONER_CLINIC_1).json().at("/clinic/id").asText())
                .isEqualTo(CLINIC_1_ID);
        assertThat(http.get("/clinic", TOKEN_SHARED_PRACTITIONER_CLINIC_2).json().at("/clinic/id").asText())
                .isEqualTo(CLINIC_2_ID);
    }

    @Test
    void everyApiResponseCarriesAnXRequestId() {
        SimulatorHttp.Response ok = http.get("/clinic", TOKEN_STAFF_1);
        SimulatorHttp.Response unauthorized = http.get("/clinic", null);
        SimulatorHttp.Response notFound = http.get("/clinic/no-such-thing", TOKEN_STAFF_1);
        SimulatorHttp.Response token = http.token(SimulatorHttp.params("grant_type", "password"));

        for (SimulatorHttp.Response response : List.of(ok, unauthorized, notFound, token)) {
            assertThat(response.header("X-Request-Id")).as("X-Request-Id of %s", response)
                    .hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f-]{36}"));
        }
        assertThat(ok.header("X-Request-Id")).isNotEqualTo(unauthorized.header("X-Request-Id"));
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.json().get("error").get(0).asText()).isEqualTo("Not found");
    }

    @Test
    void practitionersAndStaffAreListedPerClinic() {
        JsonNode practitioners = http.get("/clinic/practitioners", TOKEN_STAFF_1).json();
        List<String> ids = new ArrayList<>();
        practitioners.get("practitioners").forEach(p -> ids.add(p.get("id").asText()));
        assertThat(ids).containsExactly(PRACTITIONER_1_ID, SHARED_PRACTITIONER_CLINIC_1_ID);
        assertThat(practitioners.at("/meta/total_count").asInt()).isEqualTo(2);
        JsonNode first = practitioners.get("practitioners").get(0);
        assertThat(first.get("email").asText()).isEqualTo(PRACTITIONER_1_EMAIL);
        assertThat(first.get("practitioner_type_id").asText()).isEqualTo(PRACTITIONER_TYPE_ND_ID);
        assertThat(first.get("invite_accepted").asBoolean()).isTrue();
        assertThat(first.has("metadata")).isTrue();
        assertThat(first.get("metadata").isNull()).isTrue();

        JsonNode staff = http.get("/clinic/staff", TOKEN_PRACTITIONER_1).json();
        assertThat(staff.get("staff")).hasSize(1);
        assertThat(staff.at("/staff/0/id").asText()).isEqualTo(STAFF_1_ID);

        assertThat(http.get("/clinic/staff", TOKEN_PRACTITIONER_2).json().get("staff")).isEmpty();
        assertThat(http.get("/clinic/practitioners/" + PRACTITIONER_1_ID, TOKEN_PRACTITIONER_2).status())
                .isEqualTo(404);
        assertThat(http.get("/clinic/staff/" + PRACTITIONER_1_ID, TOKEN_PRACTITIONER_1).status())
                .as("a practitioner id is not a staff id").isEqualTo(404);
        assertThat(http.get("/clinic/practitioners/" + PRACTITIONER_1_ID, TOKEN_PRACTITIONER_1)
                .json().at("/practitioner/last_name").asText()).isEqualTo("Bennett");
    }

    @Test
    void practitionerAndStaffMetadataCanBeSetAndFound() {
        SimulatorHttp.Response patched = http.patch("/clinic/practitioners/" + SHARED_PRACTITIONER_CLINIC_1_ID,
                TOKEN_PRACTITIONER_1, Map.of("practitioner", Map.of("metadata", Map.of("id", "EHR-USER-7"))));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().at("/practitioner/metadata/id").asText()).isEqualTo("EHR-USER-7");

        SimulatorHttp.Response staff = http.patch("/clinic/staff/" + STAFF_1_ID, TOKEN_STAFF_1,
                Map.of("first_name", "Jordyn", "metadata", Map.of("id", "EHR-USER-8")));
        assertThat(staff.status()).isEqualTo(200);
        assertThat(staff.json().at("/staff/first_name").asText()).isEqualTo("Jordyn");

        JsonNode found = http.get("/clinic/metadata?id=EHR-USER-7&type=practitioner", TOKEN_STAFF_1).json();
        assertThat(found.get("metadata")).hasSize(1);
        assertThat(found.at("/metadata/0/id").asText()).isEqualTo("EHR-USER-7");
        assertThat(found.at("/metadata/0/type").asText()).isEqualTo("practitioner");
        assertThat(found.at("/metadata/0/data/id").asText()).isEqualTo(SHARED_PRACTITIONER_CLINIC_1_ID);
        assertThat(http.get("/clinic/metadata?id=EHR-USER-8&type=staff", TOKEN_STAFF_1).json()
                .at("/metadata/0/data/id").asText()).isEqualTo(STAFF_1_ID);
        assertThat(http.get("/clinic/metadata?id=EHR-USER-8&type=practitioner", TOKEN_STAFF_1).json()
                .get("metadata")).isEmpty();
        assertThat(http.get("/clinic/metadata?id=EHR-USER-7&type=practitioner", TOKEN_SHARED_PRACTITIONER_CLINIC_2)
                .json().get("metadata")).as("metadata of clinic 1 is not visible from clinic 2").isEmpty();
    }

    @Test
    void practitionerPatchIsValidated() {
        SimulatorHttp.Response taken = http.patch("/clinic/practitioners/" + PRACTITIONER_1_ID, TOKEN_PRACTITIONER_1,
                Map.of("email", STAFF_1_EMAIL.toUpperCase(), "last_name", ""));
        assertThat(taken.status()).isEqualTo(422);
        assertThat(texts(taken.json().get("error")))
                .containsExactly("Last name can't be blank", "Email has already been taken");

        // the same email in another clinic is fine (the shared practitioner has it in both)
        SimulatorHttp.Response ok = http.patch("/clinic/practitioners/" + PRACTITIONER_2_ID, TOKEN_PRACTITIONER_2,
                Map.of("email", PRACTITIONER_1_EMAIL));
        assertThat(ok.status()).isEqualTo(200);
    }

    static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
