package io.fullscriptbridge.fullscript;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.oauth.ActingUser;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Typed Fullscript calls for processors that need several of them. Every call goes through the
 * {@code direct:fullscript-api} route: nothing else builds HTTP requests to Fullscript.
 */
@Component
public class FullscriptApi {

    public static final String ROUTE = "direct:fullscript-api";

    private final ProducerTemplate producer;
    private final ObjectMapper mapper;

    public FullscriptApi(ProducerTemplate producer, ObjectMapper mapper) {
        this.producer = producer;
        this.mapper = mapper;
    }

    /** GET /api/clinic: the clinic the user's token acts in. */
    public JsonNode clinic(ActingUser user) {
        return call(FullscriptRequest.get(user, "/api/clinic", "/api/clinic", Map.of())).path("clinic");
    }

    /** GET /api/clinic/metadata?type=patient&id=…: the Fullscript patient carrying our EHR id, if any. */
    public Optional<String> findPatientIdByMetadata(ActingUser user, String ehrPatientId) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("id", ehrPatientId);
        query.put("type", "patient");
        JsonNode found = call(FullscriptRequest.get(user, "/api/clinic/metadata", "/api/clinic/metadata", query)).path("metadata");
        if (!found.isArray() || found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(found.get(0).path("data").path("id").asText());
    }

    /** POST /api/clinic/patients */
    public FullscriptPatient createPatient(ActingUser user, FullscriptPatient patient) {
        JsonNode created = call(FullscriptRequest.send(user, "POST", "/api/clinic/patients", "/api/clinic/patients", patient));
        return mapper.convertValue(created.path("patient"), FullscriptPatient.class);
    }

    /** GET /api/clinic/patients/{id} */
    public FullscriptPatient retrievePatient(ActingUser user, String fullscriptPatientId) {
        JsonNode found = call(FullscriptRequest.get(user, "/api/clinic/patients/{id}", "/api/clinic/patients/" + fullscriptPatientId, Map.of()));
        return mapper.convertValue(found.path("patient"), FullscriptPatient.class);
    }

    /** PATCH /api/clinic/patients/{id}: fields left null stay unchanged at Fullscript. */
    public FullscriptPatient updatePatient(ActingUser user, String fullscriptPatientId, FullscriptPatient changes) {
        JsonNode updated = call(FullscriptRequest.send(user, "PATCH", "/api/clinic/patients/{id}",
                "/api/clinic/patients/" + fullscriptPatientId, changes));
        return mapper.convertValue(updated.path("patient"), FullscriptPatient.class);
    }

    /**
     * GET /api/clinic/search/patients?query=…&patient_type=all: every page. patient_type=all matters: without it
     * Fullscript leaves out guardians, the very patients a shared email belongs to.
     */
    public java.util.List<FullscriptPatient> searchPatients(ActingUser user, String query) {
        java.util.List<FullscriptPatient> found = new java.util.ArrayList<>();
        int page = 1;
        while (true) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("query", query);
            params.put("patient_type", "all");
            params.put("page[number]", String.valueOf(page));
            params.put("page[size]", "100");
            JsonNode result = call(FullscriptRequest.get(user, "/api/clinic/search/patients", "/api/clinic/search/patients", params));
            result.path("patients").forEach(p -> found.add(mapper.convertValue(p, FullscriptPatient.class)));
            JsonNode next = result.path("meta").path("next_page");
            if (next.isMissingNode() || next.isNull() || page >= 50) {
                return found;
            }
            page = next.asInt(page + 1);
        }
    }

    /** Sends the request through the route; unwraps the route's typed exceptions. */
    public JsonNode call(FullscriptRequest request) {
        Exchange result = producer.send(ROUTE, exchange -> exchange.setProperty(FullscriptCall.REQUEST, request));
        if (result.getException() != null) {
            throw unwrap(result.getException());
        }
        return result.getMessage().getBody(JsonNode.class);
    }

    private static RuntimeException unwrap(Exception e) {
        Throwable t = e;
        while (t instanceof CamelExecutionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }
}
