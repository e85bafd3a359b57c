package io.fullscriptbridge.simulator;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The patient fields of a create or PATCH request; {@link #has} tells which were sent. */
final class PatientChanges {

    final JsonFields fields;
    final String email;
    final String firstName;
    final String lastName;
    final String dateOfBirth;
    final String gender;
    final String mobileNumber;
    final BigDecimal discount;
    final Boolean sendWelcomeEmail;
    final String metadataId;

    private PatientChanges(ObjectNode node) {
        this.fields = new JsonFields(node);
        this.email = fields.string("email");
        this.firstName = fields.string("first_name");
        this.lastName = fields.string("last_name");
        this.dateOfBirth = fields.string("date_of_birth");
        this.gender = fields.string("gender");
        this.mobileNumber = fields.string("mobile_number");
        this.discount = fields.decimal("discount");
        this.sendWelcomeEmail = fields.bool("send_welcome_email");
        this.metadataId = fields.metadataId("metadata");
    }

    static PatientChanges of(ObjectNode node) {
        return new PatientChanges(node);
    }

    boolean has(String field) {
        return fields.has(field);
    }
}
