package io.fullscriptbridge.simulator;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The fields of a treatment-plan create or PATCH request: {@code practitioner_id}, {@code personal_message},
 * {@code state}, {@code recommendations}, {@code metadata}; {@link #has} tells which were sent. Parse errors are in
 * {@link #errors}. {@code resource_ids} (documented for PATCH) is accepted and ignored: resources are not modelled.
 */
final class TreatmentPlanChanges {

    final JsonFields fields;
    final List<String> errors = new ArrayList<>();
    final String practitionerId;
    final String personalMessage;
    final String state;
    final List<SimRecommendation> recommendations;
    final String metadataId;

    private TreatmentPlanChanges(ObjectNode node) {
        this.fields = new JsonFields(node);
        this.practitionerId = fields.string("practitioner_id");
        this.personalMessage = fields.string("personal_message");
        this.state = fields.string("state");
        this.recommendations = Recommendations.parse(node.get("recommendations"), errors);
        this.metadataId = fields.metadataId("metadata");
        if (fields.isInvalid("personal_message")) {
            errors.add("Personal message is invalid");
        }
        if (fields.isInvalid("metadata")) {
            errors.add("Metadata is invalid");
        }
        if (fields.isInvalid("practitioner_id")) {
            errors.add("Practitioner is invalid");
        }
        if (fields.isInvalid("state")) {
            errors.add("State is not included in the list");
        }
    }

    static TreatmentPlanChanges of(ObjectNode node) {
        return new TreatmentPlanChanges(node);
    }

    boolean has(String field) {
        return fields.has(field);
    }
}
