package io.fullscriptbridge.simulator;

import static io.fullscriptbridge.simulator.SimulatorSeed.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

/** Treatment plans over the simulated API: list, retrieve, PATCH, metadata find, and the restricted create. */
@SimulatorIntegrationTest
class SimulatorTreatmentPlanTest {

    @LocalServerPort
    int port;

    @Autowired
    SimulatorState state;

    @Autowired
    SimulatorProperties properties;

    SimulatorHttp http;

    @BeforeEach
    void reset() {
        http = new SimulatorHttp(port);
        http.reset();
    }

    /** A plan written in the (simulated) Fullscript web app, through the admin endpoint. */
    private JsonNode portalPlan(String patientId, String state, String variantId) {
        Map<String, Object> body = new HashMap<>();
        body.put("clinicId", CLINIC_1_ID);
        body.put("patientId", patientId);
        body.put("practitionerId", PRACTITIONER_1_ID);
        if (state != null) {
            body.put("state", state);
        }
        body.put("recommendations", List.of(Map.of("variant_id", variantId, "units_to_purchase", 2, "refill", true,
                "dosage", Map.of("amount", "2 capsules", "frequency", "daily", "time_of_day", List.of("morning")))));
        SimulatorHttp.Response response = http.admin("POST", "/portal/treatment-plans", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("treatment_plan");
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.forEach(p -> ids.add(p.get("id").asText()));
        return ids;
    }

    @Test
    void aPatientsPlansAreListedSortedAndPaginated() throws InterruptedException {
        String first = portalPlan(PATIENT_PLAIN_ID, null, SAMPLE_VARIANT_ID).get("id").asText();
        Thread.sleep(5);
        String second = portalPlan(PATIENT_PLAIN_ID, "active", SAMPLE_VARIANT_2_ID).get("id").asText();
        Thread.sleep(5);
        String third = portalPlan(PATIENT_PLAIN_ID, null, SAMPLE_VARIANT_ID).get("id").asText();
        portalPlan(PATIENT_WITH_METADATA_ID, null, SAMPLE_VARIANT_ID); // another patient's
        Thread.sleep(5);
        assertThat(http.patch("/clinic/treatment_plans/" + first, TOKEN_PRACTITIONER_1,
                Map.of("personal_message", "Take with water")).status()).isEqualTo(200);

        String path = "/clinic/patients/" + PATIENT_PLAIN_ID + "/treatment_plans";
        SimulatorHttp.Response list = http.get(path, TOKEN_PRACTITIONER_1);
        assertThat(list.status()).isEqualTo(200);
        assertThat(ids(list.json().get("treatment_plans"))).containsExactly(first, second, third);
        assertThat(list.json().at("/meta/total_count").asInt()).isEqualTo(3);

        JsonNode plan = list.json().get("treatment_plans").get(1);
        List<String> keys = new ArrayList<>();
        plan.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("id", "state", "active", "available_at", "personal_message", "patient",
                "practitioner", "recommendations", "resources", "lab_recommendations", "metadata", "created_at",
                "updated_at");
        assertThat(plan.get("state").asText()).isEqualTo("active");
        assertThat(plan.get("active").asBoolean()).isTrue();
        assertThat(plan.get("available_at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        assertThat(plan.at("/patient/id").asText()).isEqualTo(PATIENT_PLAIN_ID);
        assertThat(plan.at("/practitioner/id").asText()).isEqualTo(PRACTITIONER_1_ID);
        JsonNode recommendation = plan.get("recommendations").get(0);
        assertThat(recommendation.get("variant_id").asText()).isEqualTo(SAMPLE_VARIANT_2_ID);
        assertThat(recommendation.get("units_to_purchase").asInt()).isEqualTo(2);
        assertThat(recommendation.get("refill").asBoolean()).isTrue();
        assertThat(recommendation.at("/dosage/amount").asText()).isEqualTo("2 capsules");
        assertThat(recommendation.at("/dosage/time_of_day/0").asText()).isEqualTo("morning");
        assertThat(plan.get("metadata").isNull()).isTrue();
        JsonNode draft = list.json().get("treatment_plans").get(0);
        assertThat(draft.get("state").asText()).isEqualTo("draft");
        assertThat(draft.get("active").asBoolean()).isFalse();
        assertThat(draft.get("available_at").isNull()).isTrue();

        assertThat(ids(http.get(path + "?order_by=DESC", TOKEN_PRACTITIONER_1).json().get("treatment_plans")))
                .containsExactly(third, second, first);
        // the PATCH made the first plan the most recently updated
        assertThat(ids(http.get(path + "?sort_by=updated_at", TOKEN_PRACTITIONER_1).json().get("treatment_plans")))
                .containsExactly(second, third, first);
        assertThat(ids(http.get(path + "?sort_by=updated_at&order_by=desc", TOKEN_PRACTITIONER_1).json()
                .get("treatment_plans"))).containsExactly(first, third, second);

        SimulatorHttp.Response page2 = http.get(path + "?page[size]=2&page[number]=2", TOKEN_PRACTITIONER_1);
        assertThat(ids(page2.json().get("treatment_plans"))).containsExactly(third);
        assertThat(page2.json().at("/meta/current_page").asInt()).isEqualTo(2);
        assertThat(page2.json().at("/meta/prev_page").asInt()).isEqualTo(1);
        assertThat(page2.json().at("/meta/next_page").isNull()).isTrue();
        assertThat(page2.json().at("/meta/total_pages").asInt()).isEqualTo(2);

        SimulatorHttp.Response badSort = http.get(path + "?sort_by=name", TOKEN_PRACTITIONER_1);
        assertThat(badSort.status()).isEqualTo(422);
        assertThat(badSort.json().get("error").get(0).asText()).isEqualTo("Sort by is not included in the list");
        assertThat(http.get("/clinic/patients/" + PATIENT_DEPENDENT_1_ID + "/treatment_plans", TOKEN_PRACTITIONER_1)
                .json().get("treatment_plans").size()).isZero();
        // another clinic's patient does not exist for this token
        assertThat(http.get(path, TOKEN_PRACTITIONER_2).status()).isEqualTo(404);
    }

    @Test
    void aPlanIsRetrievedAndPatchedAndFoundByItsMetadata() {
        String id = portalPlan(PATIENT_PLAIN_ID, "active", SAMPLE_VARIANT_ID).get("id").asText();

        SimulatorHttp.Response retrieved = http.get("/clinic/treatment_plans/" + id, TOKEN_STAFF_1);
        assertThat(retrieved.status()).isEqualTo(200);
        JsonNode before = retrieved.json().get("treatment_plan");
        assertThat(before.get("id").asText()).isEqualTo(id);
        assertThat(http.get("/clinic/treatment_plans/" + id, TOKEN_PRACTITIONER_2).status()).isEqualTo(404);
        assertThat(http.get("/clinic/treatment_plans/00000000-0000-4000-8000-000000000000", TOKEN_STAFF_1).status())
                .isEqualTo(404);

        Map<String, Object> patch = new HashMap<>();
        patch.put("personal_message", "See you in three months");
        patch.put("recommendations", List.of(
                Map.of("variant_id", SAMPLE_VARIANT_2_ID, "units_to_purchase", "3", "take_with", "food"),
                Map.of("variant_id", SAMPLE_VARIANT_ID)));
        patch.put("metadata", Map.of("id", "EHR-PLAN-7"));
        SimulatorHttp.Response patched = http.patch("/clinic/treatment_plans/" + id, TOKEN_PRACTITIONER_1,
                Map.of("treatment_plan", patch));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        JsonNode after = patched.json().get("treatment_plan");
        assertThat(after.get("personal_message").asText()).isEqualTo("See you in three months");
        assertThat(after.get("recommendations")).hasSize(2);
        assertThat(after.at("/recommendations/0/variant_id").asText()).isEqualTo(SAMPLE_VARIANT_2_ID);
        assertThat(after.at("/recommendations/0/units_to_purchase").asInt()).isEqualTo(3);
        assertThat(after.at("/recommendations/0/take_with").asText()).isEqualTo("food");
        assertThat(after.at("/recommendations/1/units_to_purchase").asInt()).isEqualTo(1);
        assertThat(after.at("/recommendations/1/refill").asBoolean()).isFalse();
        assertThat(after.at("/metadata/id").asText()).isEqualTo("EHR-PLAN-7");
        assertThat(after.get("state").asText()).isEqualTo("active");
        assertThat(after.get("created_at").asText()).isEqualTo(before.get("created_at").asText());
        assertThat(after.get("updated_at").asText()).isGreaterThanOrEqualTo(before.get("updated_at").asText());
        assertThat(state.treatmentPlan(id).orElseThrow().metadataId()).isEqualTo("EHR-PLAN-7");

        // only the metadata: the rest stays
        SimulatorHttp.Response metadataOnly = http.patch("/clinic/treatment_plans/" + id, TOKEN_PRACTITIONER_1,
                Map.of("metadata", Map.of("id", "EHR-PLAN-8")));
        assertThat(metadataOnly.json().at("/treatment_plan/personal_message").asText())
                .isEqualTo("See you in three months");
        assertThat(metadataOnly.json().at("/treatment_plan/recommendations")).hasSize(2);

        SimulatorHttp.Response found = http.get("/clinic/metadata?type=treatment_plan&id=EHR-PLAN-8",
                TOKEN_PRACTITIONER_1);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().get("metadata")).hasSize(1);
        assertThat(found.json().at("/metadata/0/type").asText()).isEqualTo("treatment_plan");
        assertThat(found.json().at("/metadata/0/id").asText()).isEqualTo("EHR-PLAN-8");
        assertThat(found.json().at("/metadata/0/data/id").asText()).isEqualTo(id);
        assertThat(http.get("/clinic/metadata?type=treatment_plan&id=EHR-PLAN-7", TOKEN_PRACTITIONER_1).json()
                .get("metadata")).isEmpty();
        assertThat(http.get("/clinic/metadata?type=patient&id=EHR-PLAN-8", TOKEN_PRACTITIONER_1).json()
                .get("metadata")).isEmpty();
        assertThat(http.get("/clinic/metadata?type=treatment_plan&id=EHR-PLAN-8", TOKEN_PRACTITIONER_2).json()
                .get("metadata")).isEmpty();

        // API changes raise no events (only the portal creation did)
        assertThat(http.eventIds("/events/treatment_plans", TOKEN_PRACTITIONER_1)).hasSize(1);
    }

    @Test
    void invalidPatchesAre422AndCancelledPlansCannotChange() {
        String id = portalPlan(PATIENT_PLAIN_ID, null, SAMPLE_VARIANT_ID).get("id").asText();

        SimulatorHttp.Response noVariant = http.patch("/clinic/treatment_plans/" + id, TOKEN_PRACTITIONER_1,
                Map.of("recommendations", List.of(Map.of("units_to_purchase", 1))));
        assertThat(noVariant.status()).isEqualTo(422);
        assertThat(texts(noVariant.json().get("error"))).containsExactly("Recommendations variant can't be blank");
        SimulatorHttp.Response empty = http.patch("/clinic/treatment_plans/" + id, TOKEN_PRACTITIONER_1,
                Map.of("recommendations", List.of()));
        assertThat(texts(empty.json().get("error"))).containsExactly("Recommendations can't be blank");
        SimulatorHttp.Response zeroUnits = http.patch("/clinic/treatment_plans/" + id, TOKEN_PRACTITIONER_1,
                Map.of("recommendations", List.of(Map.of("variant_id", SAMPLE_VARIANT_ID, "units_to_purchase", 0))));
        assertThat(texts(zeroUnits.json().get("error")))
                .containsExactly("Recommendations units to purchase must be greater than 0");

        assertThat(http.admin("POST", "/portal/treatment-plans/" + id + "/cancel", null).status()).isEqualTo(200);
        SimulatorHttp.Response cancelled = http.patch("/clinic/treatment_plans/" + id, TOKEN_PRACTITIONER_1,
                Map.of("personal_message", "too late"));
        assertThat(cancelled.status()).isEqualTo(422);
        assertThat(texts(cancelled.json().get("error")))
                .containsExactly("Treatment plan has been cancelled and can't be changed");
        assertThat(http.patch("/clinic/treatment_plans/" + id, TOKEN_PRACTITIONER_2, Map.of()).status())
                .isEqualTo(404);
    }

    @Test
    void creatingThroughTheApiIsRestrictedByDefault() {
        Map<String, Object> body = Map.of("treatment_plan", Map.of("state", "active",
                "recommendations", List.of(Map.of("variant_id", SAMPLE_VARIANT_ID, "units_to_purchase", 1))));

        SimulatorHttp.Response refused = http.post("/clinic/patients/" + PATIENT_PLAIN_ID + "/treatment_plans",
                TOKEN_PRACTITIONER_1, body);

        assertThat(properties.allowTreatmentPlanCreate()).isFalse();
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error").isArray()).isTrue();
        assertThat(refused.json().get("error").get(0).asText()).contains("restricted");
        assertThat(state.treatmentPlans()).isEmpty();
    }

    /** With the setting on (a second controller over the same state), create works as documented. */
    @Test
    void creatingWorksWhenAllowed() {
        SimulatorProperties allowing = new SimulatorProperties(true, properties.clientId(),
                properties.clientSecret(), properties.accessTokenTtl(), properties.seedTokenTtl(),
                properties.redirectUris(), true, properties.webhook());
        SimulatorTreatmentPlanController controller = new SimulatorTreatmentPlanController(state, allowing);
        ApiCaller staff = new ApiCaller(STAFF_1_ID, SimUser.Type.STAFF, CLINIC_1_ID);
        ApiCaller practitioner = new ApiCaller(PRACTITIONER_1_ID, SimUser.Type.PRACTITIONER, CLINIC_1_ID);
        JsonNode body = SimulatorHttp.JSON.valueToTree(Map.of("recommendations",
                List.of(Map.of("variant_id", SAMPLE_VARIANT_ID)), "metadata", Map.of("id", "EHR-PLAN-1")));

        ResponseEntity<Map<String, Object>> created = controller.create(practitioner, PATIENT_PLAIN_ID, body);
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        SimulatorJson.TreatmentPlan plan = (SimulatorJson.TreatmentPlan) created.getBody().get("treatment_plan");
        assertThat(plan.state()).isEqualTo("active");
        assertThat(plan.practitioner().id()).isEqualTo(PRACTITIONER_1_ID);
        assertThat(plan.metadata().id()).isEqualTo("EHR-PLAN-1");

        SimulatorApiException staffWithoutPractitioner = org.junit.jupiter.api.Assertions.assertThrows(
                SimulatorApiException.class, () -> controller.create(staff, PATIENT_PLAIN_ID, body));
        assertThat(staffWithoutPractitioner.status().value()).isEqualTo(422);
        assertThat(staffWithoutPractitioner.messages()).containsExactly("Practitioner can't be blank");
        SimulatorApiException noRecommendations = org.junit.jupiter.api.Assertions.assertThrows(
                SimulatorApiException.class, () -> controller.create(practitioner, PATIENT_PLAIN_ID,
                        SimulatorHttp.JSON.valueToTree(Map.of("state", "paused"))));
        assertThat(noRecommendations.messages())
                .containsExactly("State is not included in the list", "Recommendations can't be blank");
    }

    static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
