package io.fullscriptbridge.fullscript;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.RuntimeCamelException;
import org.springframework.stereotype.Component;

/**
 * Typed Fullscript calls for processors that need several of them. Every call goes through the
 * {@code direct:fullscript-api} route: nothing else builds HTTP requests to Fullscript.
 */
@Component
public class FullscriptApi {

    private final FullscriptRoute route;
    private final ObjectMapper mapper;

    public FullscriptApi(FullscriptRoute route, ObjectMapper mapper) {
        this.route = route;
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
        if (found.isMissingNode() || found.isNull() || (found.isArray() && found.isEmpty())) {
            return Optional.empty();
        }
        // UNCONFIRMED shape (shared/fullscript-api.md §5): {"metadata":[{"id":…,"type":"patient","data":{"id":"<fullscript id>"}}]}
        if (!found.isArray()) {
            throw new FullscriptApiException.UnexpectedResponse("GET /api/clinic/metadata", "metadata is not a list");
        }
        return Optional.of(requireId("GET /api/clinic/metadata", found.get(0).path("data").path("id"), "metadata[0].data.id"));
    }

    /** A non-blank id, else a clear error naming the endpoint (never an empty id for the next call's path). */
    public static String requireId(String endpointKey, JsonNode id, String where) {
        if (id == null || !(id.isTextual() || id.isNumber()) || id.asText().isBlank()) {
            throw new FullscriptApiException.UnexpectedResponse(endpointKey, where + " is missing");
        }
        return id.asText();
    }

    /** POST /api/clinic/patients */
    public FullscriptPatient createPatient(ActingUser user, FullscriptPatient patient) {
        JsonNode created = call(FullscriptRequest.send(user, "POST", "/api/clinic/patients", "/api/clinic/patients", patient));
        requireId("POST /api/clinic/patients", created.path("patient").path("id"), "patient.id");
        return mapper.convertValue(created.path("patient"), FullscriptPatient.class);
    }

    /** GET /api/clinic/patients/{id} (a metadata match answers ids only: the candidate's demographics come from here). */
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
        Map<String, String> params = new LinkedHashMap<>();
        params.put("query", query);
        params.put("patient_type", "all");
        java.util.List<JsonNode> found = allPages(user, "/api/clinic/search/patients", "/api/clinic/search/patients", params, "patients", 50);
        found.forEach(p -> requireId("GET /api/clinic/search/patients", p.path("id"), "patients[].id"));
        return found.stream().map(p -> mapper.convertValue(p, FullscriptPatient.class)).toList();
    }

    /**
     * Every item of a paginated list endpoint (shared/fullscript-api.md §8: {@code page[number]}, {@code page[size]}
     * up to 100, {@code meta.next_page} null at the end), in order.
     *
     * @param key      the list's key in the answer, e.g. "patients", "events"
     * @param maxPages stop after this many pages, whatever meta says
     */
    public java.util.List<JsonNode> allPages(ActingUser user, String endpoint, String path, Map<String, String> query, String key, int maxPages) {
        java.util.List<JsonNode> items = new java.util.ArrayList<>();
        int page = 1;
        while (true) {
            Map<String, String> params = new LinkedHashMap<>(query);
            params.put("page[number]", String.valueOf(page));
            params.put("page[size]", "100");
            JsonNode result = call(FullscriptRequest.get(user, endpoint, path, params));
            result.path(key).forEach(items::add);
            JsonNode next = result.path("meta").path("next_page");
            if (next.isMissingNode() || next.isNull() || page >= maxPages) {
                return items;
            }
            page = next.asInt(page + 1);
        }
    }

    /** Sends the request through the route; unwraps the route's typed exceptions. */
    public JsonNode call(FullscriptRequest request) {
        // the call's own exchange carries the caller's message id and route (from Camel's MDC, camel-mdc), so its
        // log lines name them too; exchange properties, never headers (headers would go to Fullscript over HTTP)
        try {
            // the lane of the scope the caller opened (FullscriptLane.interactive), else bulk: passed explicitly to the
            // route, whose budget step reads it
            return route.call(request, org.slf4j.MDC.get(LogContext.MESSAGE_ID), org.slf4j.MDC.get(LogContext.CAMEL_ROUTE),
                    FullscriptLane.current());
        } catch (RuntimeCamelException | java.lang.reflect.UndeclaredThrowableException e) {
            // the proxy throws a route's unchecked exception as it is; a checked one comes wrapped
            throw unwrap(e);
        }
    }

    private static RuntimeException unwrap(RuntimeException e) {
        Throwable t = e;
        while ((t instanceof RuntimeCamelException || t instanceof java.lang.reflect.UndeclaredThrowableException
                || t instanceof org.apache.camel.CamelExchangeException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }
}
