package io.fullscriptbridge.oauth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a browser goes on once the connect flow it was sent through has finished: a verified launch (today only
 * {@code recommend}) kept server-side with the OAuth state, sealed, so the callback never reads it from its query.
 *
 * @param action the launch action to continue with
 * @param fields that launch's own signed fields (e.g. patientId, encounterId, practitionerEhrUserId)
 */
public record Continuation(String action, Map<String, String> fields) {

    public Continuation {
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public String field(String name) {
        return fields.get(name);
    }
}
