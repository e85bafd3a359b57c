package io.fullscriptbridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Request-body helpers shared by the API controllers. */
final class RequestBodies {

    private RequestBodies() {
    }

    /**
     * The attributes object of a create/update body. Accepts both {@code {"patient": {...}}} and the fields at the
     * top level: Fullscript's reference shows top-level fields while client code in the wild wraps them, and the
     * Rails API accepts both (parameter wrapping). A missing body is an empty object (validation then reports the
     * blank required fields).
     */
    static ObjectNode attributes(JsonNode body, String root) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!body.isObject()) {
            throw SimulatorApiException.badRequest("Request body must be a JSON object");
        }
        JsonNode wrapped = body.get(root);
        if (wrapped != null && wrapped.isObject()) {
            return (ObjectNode) wrapped;
        }
        if (wrapped != null && !wrapped.isNull()) {
            throw SimulatorApiException.badRequest("\"" + root + "\" must be a JSON object");
        }
        return (ObjectNode) body;
    }
}
