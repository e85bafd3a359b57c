package io.fullscriptbridge.simulator;

import static io.fullscriptbridge.simulator.SimulatorSeed.*;
import static io.fullscriptbridge.simulator.SimulatorTreatmentPlanTest.texts;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Fullscript Redirect links: the API hands out a redirect_url; sending the plan from its page is a portal action. */
@SimulatorIntegrationTest
class SimulatorDynamicLinkTest {

    private static final Pattern PLAN_ID = Pattern.compile("data-treatment-plan-id=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    @Autowired
    SimulatorState state;

    @Autowired
    SimulatorDynamicLinks links;

    SimulatorHttp http;

    @BeforeEach
    void reset() {
        http = new SimulatorHttp(port);
        http.reset();
    }

    private String redirectUrl(SimulatorHttp.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().size()).isEqualTo(1);
        assertThat(response.json().get("dynamic_links").size()).isEqualTo(1);
        return response.json().at("/dynamic_links/redirect_url").asText();
    }

    @Test
    void aPractitionerSendsAPlanThroughTheLinkAndThatRaisesTreatmentPlanCreated() {
        SimulatorHttp.Response response = http.post("/clinic/dynamic_links/treatment_plans", TOKEN_PRACTITIONER_1,
                Map.of("patient", Map.of("id", PATIENT_PLAIN_ID), "entrypoint", "catalog"));
        String url = redirectUrl(response);
        assertThat(url).startsWith("http://localhost:" + port + "/simulator/fullscript/redirect/");
        SimDynamicLink link = links.link(SimulatorDynamicLinks.tokenOf(url)).orElseThrow();
        assertThat(link.practitionerId()).isEqualTo(PRACTITIONER_1_ID); // defaults to the token's practitioner
        assertThat(link.patientId()).isEqualTo(PATIENT_PLAIN_ID);
        assertThat(http.eventIds("/events/treatment_plans", TOKEN_PRACTITIONER_1)).isEmpty();

        SimulatorHttp.Response page = http.getUrl(url);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("<h1>Treatment plan for Tomas Eriksen</h1>")
                .contains("Dr. Olivia Bennett")
                .contains("<button type=\"submit\">Activate treatment plan</button>")
                .contains("action=\"/simulator/fullscript/redirect/" + link.token() + "/activate\"");

        SimulatorHttp.Response sent = http.postFormUrl(url + "/activate", Map.of());
        assertThat(sent.status()).isEqualTo(200);
        Matcher matcher = PLAN_ID.matcher(sent.body());
        assertThat(matcher.find()).isTrue();
        String planId = matcher.group(1);

        JsonNode plan = http.get("/clinic/treatment_plans/" + planId, TOKEN_PRACTITIONER_1).json()
                .get("treatment_plan");
        assertThat(plan.get("state").asText()).isEqualTo("active");
        assertThat(plan.get("active").asBoolean()).isTrue();
        assertThat(plan.at("/patient/id").asText()).isEqualTo(PATIENT_PLAIN_ID);
        assertThat(plan.at("/practitioner/id").asText()).isEqualTo(PRACTITIONER_1_ID);
        assertThat(plan.at("/recommendations/0/variant_id").asText()).isEqualTo(SAMPLE_VARIANT_ID);

        List<String> events = http.eventIds("/events/treatment_plans", TOKEN_PRACTITIONER_1);
        assertThat(events).hasSize(1);
        JsonNode event = http.get("/events/" + events.get(0), TOKEN_PRACTITIONER_1).json().get("event");
        assertThat(event.get("type").asText()).isEqualTo("treatment_plan.created");
        assertThat(event.at("/data/treatment_plan/id").asText()).isEqualTo(planId);
        assertThat(event.at("/data/treatment_plan/state").asText()).isEqualTo("active");

        // the link is used up: it reopens the same plan and raises nothing more
        SimulatorHttp.Response again = http.postFormUrl(url + "/activate", Map.of());
        assertThat(again.body()).contains("data-treatment-plan-id=\"" + planId + "\"");
        assertThat(http.getUrl(url).body()).contains("Treatment plan sent").contains(planId);
        assertThat(state.treatmentPlans()).hasSize(1);
        assertThat(http.eventIds("/events/treatment_plans", TOKEN_PRACTITIONER_1)).hasSize(1);
        assertThat(http.getUrl("http://localhost:" + port + "/simulator/fullscript/redirect/nope").status())
                .isEqualTo(404);
    }

    @Test
    void aStaffTokenMustNameAnExistingPractitionerOfTheClinic() {
        SimulatorHttp.Response missing = http.post("/clinic/dynamic_links/treatment_plans", TOKEN_STAFF_1,
                Map.of("patient", Map.of("id", PATIENT_PLAIN_ID)));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(texts(missing.json().get("error"))).containsExactly("Practitioner can't be blank");

        SimulatorHttp.Response unknown = http.post("/clinic/dynamic_links/treatment_plans", TOKEN_STAFF_1,
                Map.of("treatment_plan", Map.of("practitioner_id", PRACTITIONER_2_ID)));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(texts(unknown.json().get("error"))).containsExactly("Practitioner not found");
        assertThat(http.post("/clinic/dynamic_links/treatment_plans", TOKEN_STAFF_1,
                Map.of("treatment_plan", Map.of("practitioner_id", STAFF_1_ID))).status()).isEqualTo(422);

        String url = redirectUrl(http.post("/clinic/dynamic_links/treatment_plans", TOKEN_STAFF_1,
                Map.of("treatment_plan", Map.of("practitioner_id", SHARED_PRACTITIONER_CLINIC_1_ID),
                        "patient", Map.of("id", PATIENT_WITH_METADATA_ID))));
        SimTreatmentPlan plan = links.complete(SimulatorDynamicLinks.tokenOf(url));
        assertThat(plan.practitionerId()).isEqualTo(SHARED_PRACTITIONER_CLINIC_1_ID);
        assertThat(plan.patientId()).isEqualTo(PATIENT_WITH_METADATA_ID);

        SimulatorHttp.Response badEntrypoint = http.post("/clinic/dynamic_links/treatment_plans",
                TOKEN_PRACTITIONER_1, Map.of("entrypoint", "pharmacy"));
        assertThat(badEntrypoint.status()).isEqualTo(400);
        assertThat(badEntrypoint.json().get("error").get(0).asText()).startsWith("Entrypoint is not included");
        assertThat(http.post("/clinic/dynamic_links/treatment_plans", TOKEN_PRACTITIONER_1,
                Map.of("patient", Map.of("id", CLINIC_2_PATIENT_ID))).status()).isEqualTo(422);
        assertThat(http.post("/clinic/dynamic_links/treatment_plans", null, Map.of()).status()).isEqualTo(401);
    }

    @Test
    void patientDetailsMatchByEmailOrCreateThePatientWithoutAnEvent() {
        String matched = redirectUrl(http.post("/clinic/dynamic_links/treatment_plans", TOKEN_PRACTITIONER_1,
                Map.of("patient", Map.of("email", PATIENT_PLAIN_EMAIL.toUpperCase()))));
        assertThat(links.link(SimulatorDynamicLinks.tokenOf(matched)).orElseThrow().patientId())
                .isEqualTo(PATIENT_PLAIN_ID);
        // a shared family email matches the guardian, never a dependent
        String family = redirectUrl(http.post("/clinic/dynamic_links/treatment_plans", TOKEN_PRACTITIONER_1,
                Map.of("patient", Map.of("email", FAMILY_EMAIL))));
        assertThat(links.link(SimulatorDynamicLinks.tokenOf(family)).orElseThrow().patientId())
                .isEqualTo(PATIENT_GUARDIAN_ID);

        SimulatorHttp.Response incomplete = http.post("/clinic/dynamic_links/treatment_plans", TOKEN_PRACTITIONER_1,
                Map.of("patient", Map.of("email", "new.person@example.com", "first_name", "New")));
        assertThat(incomplete.status()).isEqualTo(422);
        assertThat(texts(incomplete.json().get("error"))).containsExactly("Last name can't be blank");
        SimulatorHttp.Response noEmail = http.post("/clinic/dynamic_links/treatment_plans", TOKEN_PRACTITIONER_1,
                Map.of("patient", Map.of("first_name", "New", "last_name", "Person")));
        assertThat(texts(noEmail.json().get("error"))).containsExactly("Email can't be blank", "Email is invalid");

        Map<String, Object> details = new HashMap<>();
        details.put("email", "new.person@example.com");
        details.put("first_name", "New");
        details.put("last_name", "Person");
        String created = redirectUrl(http.post("/clinic/dynamic_links/treatment_plans", TOKEN_PRACTITIONER_1,
                Map.of("patient", details, "entrypoint", "labs")));
        SimDynamicLink link = links.link(SimulatorDynamicLinks.tokenOf(created)).orElseThrow();
        assertThat(link.entrypoint()).isEqualTo("labs");
        SimPatient patient = state.patient(link.patientId()).orElseThrow();
        assertThat(patient.email()).isEqualTo("new.person@example.com");
        assertThat(patient.welcomeEmailSent()).isTrue();
        assertThat(http.getUrl(created).body()).contains("Treatment plan for New Person");
        // made by the REST call: no patient.created event
        assertThat(http.eventIds("/events/patients", TOKEN_PRACTITIONER_1)).isEmpty();
    }

    @Test
    void aLinkWithoutAPatientAndTheGatewayLink() {
        String url = redirectUrl(http.get("/clinic/dynamic_links/treatment_plans", TOKEN_PRACTITIONER_1));
        String token = SimulatorDynamicLinks.tokenOf(url);
        assertThat(links.link(token).orElseThrow().patientId()).isNull();
        assertThat(http.getUrl(url).body()).contains("<h1>New treatment plan</h1>")
                .contains("<option value=\"" + PATIENT_PLAIN_ID + "\">");
        assertThat(http.get("/clinic/dynamic_links/treatment_plans", TOKEN_STAFF_1).status()).isEqualTo(422);

        SimulatorHttp.Response withoutPatient = http.admin("POST", "/dynamic-links/" + token + "/complete", Map.of());
        assertThat(withoutPatient.status()).isEqualTo(422);
        assertThat(withoutPatient.json().get("error").get(0).asText()).isEqualTo("Patient can't be blank");
        SimulatorHttp.Response completed = http.admin("POST", "/dynamic-links/" + token + "/complete",
                Map.of("patientId", PATIENT_DEPENDENT_1_ID,
                        "recommendations", List.of(Map.of("variant_id", SAMPLE_VARIANT_2_ID, "units_to_purchase", 4))));
        assertThat(completed.status()).isEqualTo(201);
        assertThat(completed.json().at("/treatment_plan/patient/id").asText()).isEqualTo(PATIENT_DEPENDENT_1_ID);
        assertThat(completed.json().at("/treatment_plan/recommendations/0/units_to_purchase").asInt()).isEqualTo(4);
        assertThat(http.admin("POST", "/dynamic-links/" + token + "/complete", Map.of()).status()).isEqualTo(200);
        assertThat(http.admin("POST", "/dynamic-links/unknown/complete", Map.of()).status()).isEqualTo(404);

        // gateway: external_id matches the patient's metadata id
        String gateway = redirectUrl(http.post("/clinic/dynamic_links/gateway/treatment_plans", TOKEN_PRACTITIONER_1,
                Map.of("patient", Map.of("external_id", PATIENT_WITH_METADATA_METADATA_ID))));
        assertThat(links.link(SimulatorDynamicLinks.tokenOf(gateway)).orElseThrow().patientId())
                .isEqualTo(PATIENT_WITH_METADATA_ID);
        assertThat(links.link(SimulatorDynamicLinks.tokenOf(gateway)).orElseThrow().kind())
                .isEqualTo(SimDynamicLink.Kind.GATEWAY);
        // gateway: a dependent, by the shared email and the name
        String dependent = redirectUrl(http.post("/clinic/dynamic_links/gateway/treatment_plans",
                TOKEN_PRACTITIONER_1, Map.of("patient", Map.of("email", FAMILY_EMAIL, "first_name", "Mia",
                        "last_name", "Rivera"))));
        assertThat(links.link(SimulatorDynamicLinks.tokenOf(dependent)).orElseThrow().patientId())
                .isEqualTo(PATIENT_DEPENDENT_2_ID);
        // gateway: unmatched details create the patient with external_id as metadata id
        String createdUrl = redirectUrl(http.post("/clinic/dynamic_links/gateway/treatment_plans",
                TOKEN_PRACTITIONER_1, Map.of("patient", Map.of("external_id", "EHR-555", "email", "ext@example.com",
                        "first_name", "Ext", "last_name", "Ernal"))));
        String createdId = links.link(SimulatorDynamicLinks.tokenOf(createdUrl)).orElseThrow().patientId();
        assertThat(state.patient(createdId).orElseThrow().metadataId()).isEqualTo("EHR-555");

        assertThat(http.eventIds("/events/treatment_plans", TOKEN_PRACTITIONER_1)).hasSize(1);
    }
}
