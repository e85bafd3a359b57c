package io.fullscriptbridge.simulator;

import static io.fullscriptbridge.simulator.SimulatorSeed.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Portal changes become events, API changes do not; the events endpoints' filters, sorting and scoping. */
@SimulatorIntegrationTest
class SimulatorEventsTest {

    @LocalServerPort
    int port;

    @Autowired
    SimulatorPortal portal;

    @Autowired
    SimulatorEvents events;

    SimulatorHttp http;

    @BeforeEach
    void reset() {
        http = new SimulatorHttp(port);
        http.reset();
    }

    private JsonNode event(String id, String token) {
        SimulatorHttp.Response response = http.get("/events/" + id, token);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("event");
    }

    private SimulatorHttp.Response portalPatch(String patientId, Map<String, Object> fields) {
        SimulatorHttp.Response response = http.admin("PATCH", "/portal/patients/" + patientId,
                Map.of("patient", fields));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response;
    }

    @Test
    void apiChangesRaiseNoEvents() {
        SimulatorHttp.Response created = http.post("/clinic/patients", TOKEN_PRACTITIONER_1, Map.of("patient",
                Map.of("email", "api.made@example.com", "first_name", "Api", "last_name", "Made")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(http.patch("/clinic/patients/" + PATIENT_PLAIN_ID, TOKEN_PRACTITIONER_1,
                Map.of("first_name", "Tom")).status()).isEqualTo(200);

        assertThat(http.eventIds("/events/patients", TOKEN_PRACTITIONER_1)).isEmpty();
        assertThat(events.events()).isEmpty();
    }

    @Test
    void portalChangesRaiseEventsThatAreListedByIdAndRetrievedInFull() {
        // patient.created
        SimulatorHttp.Response created = http.admin("POST", "/portal/patients", Map.of("clinicId", CLINIC_1_ID,
                "patient", Map.of("email", "grace.hopper@example.com", "first_name", "Grace", "last_name", "Hopper",
                        "date_of_birth", "1906-12-09")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String patientId = created.json().at("/patient/id").asText();
        // patient.updated
        portalPatch(patientId, Map.of("mobile_number", "+15555550199"));
        // a metadata-only change raises nothing ("any patient attribute except metadata or id")
        portalPatch(patientId, Map.of("metadata", Map.of("id", "EHR-9")));
        // treatment_plan.created (draft), treatment_plan.updated (activated)
        SimulatorHttp.Response plan = http.admin("POST", "/portal/treatment-plans", Map.of("clinicId", CLINIC_1_ID,
                "patientId", patientId, "practitionerId", PRACTITIONER_1_ID,
                "recommendations", List.of(Map.of("variantId", SAMPLE_VARIANT_ID, "unitsToPurchase", 2))));
        assertThat(plan.status()).as(plan.toString()).isEqualTo(201);
        String planId = plan.json().at("/treatment_plan/id").asText();
        assertThat(http.admin("POST", "/portal/treatment-plans/" + planId + "/activate", null).json()
                .at("/treatment_plan/state").asText()).isEqualTo("active");
        // order.placed: line items default to the plan's recommendations
        SimulatorHttp.Response order = http.admin("POST", "/portal/orders", Map.of("clinicId", CLINIC_1_ID,
                "patientId", patientId, "treatmentPlanIds", List.of(planId)));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);

        List<String> patientEvents = http.eventIds("/events/patients", TOKEN_PRACTITIONER_1);
        List<String> planEvents = http.eventIds("/events/treatment_plans", TOKEN_PRACTITIONER_1);
        List<String> orderEvents = http.eventIds("/events/orders", TOKEN_STAFF_1);
        assertThat(patientEvents).hasSize(2);
        assertThat(planEvents).hasSize(2);
        assertThat(orderEvents).hasSize(1);
        assertThat(http.eventIds("/events/products", TOKEN_PRACTITIONER_1)).isEmpty();

        // the list carries ids only
        JsonNode listed = http.get("/events/patients", TOKEN_PRACTITIONER_1).json();
        List<String> fields = new ArrayList<>();
        listed.get("events").get(0).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("id");
        assertThat(listed.at("/meta/total_count").asInt()).isEqualTo(2);

        JsonNode patientCreated = event(patientEvents.get(0), TOKEN_PRACTITIONER_1);
        List<String> eventFields = new ArrayList<>();
        patientCreated.fieldNames().forEachRemaining(eventFields::add);
        assertThat(eventFields).containsExactly("id", "type", "created_at", "clinic_id", "data");
        assertThat(patientCreated.get("id").asText()).isEqualTo(patientEvents.get(0))
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(patientCreated.get("type").asText()).isEqualTo("patient.created");
        assertThat(patientCreated.get("created_at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        assertThat(patientCreated.get("clinic_id").asText()).isEqualTo(CLINIC_1_ID);
        assertThat(patientCreated.at("/data/patient/id").asText()).isEqualTo(patientId);
        assertThat(patientCreated.at("/data/patient/first_name").asText()).isEqualTo("Grace");
        assertThat(patientCreated.at("/data/patient/mobile_number").isNull()).isTrue();

        JsonNode patientUpdated = event(patientEvents.get(1), TOKEN_PRACTITIONER_1);
        assertThat(patientUpdated.get("type").asText()).isEqualTo("patient.updated");
        assertThat(patientUpdated.at("/data/patient/mobile_number").asText()).isEqualTo("+15555550199");

        JsonNode planCreated = event(planEvents.get(0), TOKEN_PRACTITIONER_1);
        assertThat(planCreated.get("type").asText()).isEqualTo("treatment_plan.created");
        assertThat(planCreated.at("/data/treatment_plan/id").asText()).isEqualTo(planId);
        assertThat(planCreated.at("/data/treatment_plan/state").asText()).isEqualTo("draft");
        assertThat(planCreated.at("/data/treatment_plan/patient/id").asText()).isEqualTo(patientId);
        assertThat(planCreated.at("/data/treatment_plan/recommendations/0/units_to_purchase").asInt()).isEqualTo(2);
        JsonNode planUpdated = event(planEvents.get(1), TOKEN_PRACTITIONER_1);
        assertThat(planUpdated.get("type").asText()).isEqualTo("treatment_plan.updated");
        assertThat(planUpdated.at("/data/treatment_plan/state").asText()).isEqualTo("active");
        assertThat(planUpdated.at("/data/treatment_plan/active").asBoolean()).isTrue();

        JsonNode orderPlaced = event(orderEvents.get(0), TOKEN_PRACTITIONER_1);
        assertThat(orderPlaced.get("type").asText()).isEqualTo("order.placed");
        JsonNode data = orderPlaced.get("data");
        assertThat(data.get("id").asText()).isEqualTo(order.json().at("/order/id").asText());
        assertThat(data.get("order_number").asText()).isEqualTo("100000001");
        assertThat(data.get("patient_id").asText()).isEqualTo(patientId);
        assertThat(data.at("/treatment_plan_ids/0").asText()).isEqualTo(planId);
        assertThat(data.at("/practitioner_ids/0").asText()).isEqualTo(PRACTITIONER_1_ID);
        assertThat(data.at("/line_items/0/variant_id").asText()).isEqualTo(SAMPLE_VARIANT_ID);
        assertThat(data.at("/line_items/0/quantity").asInt()).isEqualTo(2);
        assertThat(data.at("/line_items/0/type").asText()).isEqualTo("product");
        assertThat(data.get("completed_at").asText()).endsWith("Z");

        // API changes in between still add nothing
        http.patch("/clinic/treatment_plans/" + planId, TOKEN_PRACTITIONER_1, Map.of("personal_message", "api"));
        assertThat(http.eventIds("/events/treatment_plans", TOKEN_PRACTITIONER_1)).hasSize(2);
    }

    @Test
    void eventsAreScopedToTheTokensClinic() {
        portal.updatePatient(CLINIC_2_PATIENT_ID, Map.of("first_name", "Aiko-Mei"));
        portal.updatePatient(PATIENT_PLAIN_ID, Map.of("last_name", "Eriksson"));

        List<String> clinic1 = http.eventIds("/events/patients", TOKEN_PRACTITIONER_1);
        List<String> clinic2 = http.eventIds("/events/patients", TOKEN_PRACTITIONER_2);
        assertThat(clinic1).hasSize(1);
        assertThat(clinic2).hasSize(1).doesNotContainAnyElementsOf(clinic1);
        assertThat(event(clinic2.get(0), TOKEN_SHARED_PRACTITIONER_CLINIC_2).at("/data/patient/first_name").asText())
                .isEqualTo("Aiko-Mei");
        SimulatorHttp.Response otherClinic = http.get("/events/" + clinic1.get(0), TOKEN_PRACTITIONER_2);
        assertThat(otherClinic.status()).isEqualTo(404);
        assertThat(otherClinic.json().get("error").get(0).asText()).isEqualTo("Not found");
        assertThat(http.get("/events/8d0c7c3e-2b2f-4a57-9b0e-3f3b6f9b1c11", TOKEN_PRACTITIONER_1).status())
                .isEqualTo(404);
        assertThat(http.get("/events/patients", null).status()).isEqualTo(401);
    }

    @Test
    void dateFiltersCompareTheUtcDayAndBackdatingMovesEvents() throws IOException {
        for (String name : List.of("A", "B", "C", "D")) {
            portal.updatePatient(PATIENT_PLAIN_ID, Map.of("first_name", "Tomas" + name));
        }
        List<String> ids = http.eventIds("/events/patients", TOKEN_PRACTITIONER_1);
        assertThat(ids).hasSize(4);
        String a = ids.get(0);
        String b = ids.get(1);
        String c = ids.get(2);
        String d = ids.get(3);
        LocalDate today = LocalDate.ofInstant(Instant.parse(event(c, TOKEN_PRACTITIONER_1).get("created_at")
                .asText()), ZoneOffset.UTC);
        LocalDate tenDaysAgo = today.minusDays(10);
        LocalDate fiveDaysAgo = today.minusDays(5);
        backdate(a, tenDaysAgo + "T23:59:59.999Z");
        backdate(b, fiveDaysAgo + "T00:00:00Z");
        SimulatorHttp.Response tooOld = backdate(d, today.minusDays(31) + "T12:00:00Z");
        assertThat(tooOld.json().at("/event/created_at").asText()).isEqualTo(today.minusDays(31) + "T12:00:00.000Z");

        assertThat(event(a, TOKEN_PRACTITIONER_1).get("created_at").asText())
                .isEqualTo(tenDaysAgo + "T23:59:59.999Z");
        assertThat(filter("created_at=" + tenDaysAgo)).containsExactly(a);
        assertThat(filter("created_at=" + today)).containsExactly(c);
        assertThat(filter("created_at=" + enc(">") + tenDaysAgo)).containsExactly(b, c);
        assertThat(filter("created_at=" + enc(">") + fiveDaysAgo)).containsExactly(c);
        assertThat(filter("created_at=" + enc("<") + fiveDaysAgo)).containsExactly(a);
        assertThat(filter("created_at=" + enc("<") + today)).containsExactly(a, b);
        assertThat(filter("created_at=" + tenDaysAgo + ".." + fiveDaysAgo)).containsExactly(a, b);
        assertThat(filter("created_at=" + fiveDaysAgo + ".." + today)).containsExactly(b, c);
        // unencoded angle brackets work too (java.net.URI refuses them, so over a plain socket)
        String raw = rawGet("/simulator/fullscript/api/events/patients?created_at=>" + fiveDaysAgo);
        assertThat(raw).startsWith("HTTP/1.1 200").contains(c).doesNotContain(a).doesNotContain(b);
        // older than 30 days: gone from lists and from retrieval
        assertThat(filter("created_at=" + today.minusDays(31))).isEmpty();
        assertThat(http.get("/events/" + d, TOKEN_PRACTITIONER_1).status()).isEqualTo(404);

        SimulatorHttp.Response invalid = http.get("/events/patients?created_at=yesterday", TOKEN_PRACTITIONER_1);
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.json().get("error").get(0).asText()).isEqualTo("Created at is invalid");
        assertThat(http.admin("POST", "/events/" + UUIDS.UNKNOWN + "/created-at", Map.of("createdAt", "2024-01-01"))
                .status()).isEqualTo(404);
    }

    @Test
    void eventTypeSortingOrderAndPagination() throws InterruptedException {
        Map<String, Object> newPatient = new HashMap<>();
        newPatient.put("email", "ada@example.com");
        newPatient.put("first_name", "Ada");
        newPatient.put("last_name", "Lovelace");
        String created = portal.createPatient(CLINIC_1_ID, newPatient).id();
        Thread.sleep(3);
        portal.updatePatient(created, Map.of("gender", "female"));
        Thread.sleep(3);
        portal.updatePatient(created, Map.of("gender", "x"));
        List<String> all = http.eventIds("/events/patients", TOKEN_PRACTITIONER_1);
        assertThat(all).hasSize(3);

        assertThat(filter("event_type=patient.updated")).containsExactly(all.get(1), all.get(2));
        assertThat(filter("event_type=patient.created")).containsExactly(all.get(0));
        assertThat(filter("event_type=patient.emancipated")).isEmpty();
        assertThat(filter("order_by=DESC")).containsExactly(all.get(2), all.get(1), all.get(0));
        assertThat(filter("sort_by=created_at&order_by=asc")).containsExactly(all.get(0), all.get(1), all.get(2));
        // patient.updated sorts after patient.created; DESC puts it first
        assertThat(filter("sort_by=event_type&order_by=DESC")).first().isIn(all.get(1), all.get(2));
        assertThat(filter("sort_by=event_type&order_by=DESC")).last().isEqualTo(all.get(0));
        assertThat(filter("sort_by=event_type")).first().isEqualTo(all.get(0));

        SimulatorHttp.Response page1 = http.get("/events/patients?page[size]=2", TOKEN_PRACTITIONER_1);
        assertThat(page1.json().get("events")).hasSize(2);
        assertThat(page1.json().at("/meta/current_page").asInt()).isEqualTo(1);
        assertThat(page1.json().at("/meta/next_page").asInt()).isEqualTo(2);
        assertThat(page1.json().at("/meta/prev_page").isNull()).isTrue();
        assertThat(page1.json().at("/meta/total_pages").asInt()).isEqualTo(2);
        assertThat(page1.json().at("/meta/total_count").asInt()).isEqualTo(3);
        SimulatorHttp.Response page2 = http.get("/events/patients?page%5Bsize%5D=2&page%5Bnumber%5D=2",
                TOKEN_PRACTITIONER_1);
        assertThat(page2.json().at("/events/0/id").asText()).isEqualTo(all.get(2));
        assertThat(page2.json().at("/meta/next_page").isNull()).isTrue();
        // page[size] is capped at 100
        assertThat(http.get("/events/patients?page[size]=500", TOKEN_PRACTITIONER_1).json()
                .at("/meta/total_pages").asInt()).isEqualTo(1);

        assertThat(http.get("/events/patients?sort_by=name", TOKEN_PRACTITIONER_1).status()).isEqualTo(422);
        assertThat(http.get("/events/patients?order_by=sideways", TOKEN_PRACTITIONER_1).json().get("error").get(0)
                .asText()).isEqualTo("Order by is not included in the list");
    }

    private SimulatorHttp.Response backdate(String eventId, String createdAt) {
        SimulatorHttp.Response response = http.admin("POST", "/events/" + eventId + "/created-at",
                Map.of("createdAt", createdAt));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response;
    }

    private String rawGet(String pathAndQuery) throws IOException {
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + TOKEN_PRACTITIONER_1 + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(buffer);
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }

    private List<String> filter(String query) {
        return http.eventIds("/events/patients?" + query, TOKEN_PRACTITIONER_1);
    }

    private static String enc(String value) {
        return SimulatorHttp.enc(value);
    }

    private static final class UUIDS {
        static final String UNKNOWN = "6f1d7a52-3c1e-4e0b-8f59-2c6f3d0b9a77";
    }
}
