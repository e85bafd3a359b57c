package io.fullscriptbridge.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The practitioner/staff fields of a PATCH request (email, first_name, last_name, metadata). */
final class UserChanges {

    final JsonFields fields;
    final String email;
    final String firstName;
    final String lastName;
    final String metadataId;

    private UserChanges(ObjectNode node) {
        this.fields = new JsonFields(node);
        this.email = fields.string("email");
        this.firstName = fields.string("first_name");
        this.lastName = fields.string("last_name");
        this.metadataId = fields.metadataId("metadata");
    }

    static UserChanges of(ObjectNode node) {
        return new UserChanges(node);
    }

    boolean has(String field) {
        return fields.has(field);
    }
}
