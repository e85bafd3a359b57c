package io.fullscriptbridge.ehr;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The bridge's own JSON contract (design §4):
 * {@code {"type":"patient.upsert","patient":{"id":"MRN-1","firstName":…,"lastName":…,"email":…,"dateOfBirth":"1985-12-10","gender":"female","mobile":"+12025550143"}}}
 * {@code {"type":"patient.merge","priorPatientId":"MRN-0","patient":{"id":"MRN-1"}}}
 * and {@code {"type":"treatment_plan.link","patientId":"MRN-1","encounterId":"ENC-9"}}.
 * An unusable birth date or mobile is left out with a {@link FieldWarning} (decision D45).
 */
@Component
@Order(10)
public class CanonicalJsonFormat implements InboundFormat {

    private final ObjectMapper mapper;
    private final String defaultPhoneRegion;

    public CanonicalJsonFormat(ObjectMapper mapper,
                               @Value("${bridge.inbound.default-phone-region:US}") String defaultPhoneRegion) {
        this.mapper = mapper;
        this.defaultPhoneRegion = defaultPhoneRegion;
    }

    @Override
    public String name() {
        return "json";
    }

    @Override
    public boolean accepts(String contentType, String body) {
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json")
                && !contentType.toLowerCase(Locale.ROOT).contains("fhir")) {
            return true;
        }
        String trimmed = body.stripLeading();
        return trimmed.startsWith("{") && !trimmed.contains("\"resourceType\"");
    }

    @Override
    public PatientMessage parse(String body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidMessageException("unparseable", "body is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidMessageException("unparseable", "body is not a JSON object");
        }
        String typeName = text(root, "type");
        MessageType type = MessageType.fromWireName(typeName == null ? "" : typeName)
                .orElseThrow(() -> new InvalidMessageException("unsupported_type",
                        "type must be one of patient.upsert, patient.merge, treatment_plan.link"));
        List<String> errors = new ArrayList<>();
        List<FieldWarning> warnings = new ArrayList<>();
        PatientMessage message = switch (type) {
            case PATIENT_UPSERT -> new PatientMessage(type, readPatient(root.get("patient"), errors, warnings), null, null, warnings, null);
            case PATIENT_MERGE -> new PatientMessage(type, readPatient(root.get("patient"), errors, warnings), null, null, warnings,
                    text(root, "priorPatientId"));
            case TREATMENT_PLAN_LINK -> new PatientMessage(type,
                    new PatientDemographics(text(root, "patientId"), null, null, null, null, null, null),
                    text(root, "encounterId"));
        };
        if (!errors.isEmpty()) {
            throw new InvalidMessageException("validation_failed", errors);
        }
        return message;
    }

    private PatientDemographics readPatient(JsonNode node, List<String> errors, List<FieldWarning> warnings) {
        if (node == null || !node.isObject()) {
            errors.add("patient is required and must be an object");
            return null;
        }
        LocalDate dateOfBirth = null;
        String dob = text(node, "dateOfBirth");
        if (dob != null) {
            try {
                dateOfBirth = LocalDate.parse(dob);
            } catch (DateTimeParseException e) {
                warnings.add(new FieldWarning("dateOfBirth", "not_a_date"));
            }
        }
        String mobile = text(node, "mobile");
        String e164 = null;
        if (mobile != null) {
            e164 = PhoneNumbers.toE164(mobile, defaultPhoneRegion).orElse(null);
            if (e164 == null) {
                warnings.add(new FieldWarning("mobile", "not_a_phone_number"));
            }
        }
        String gender = text(node, "gender");
        return new PatientDemographics(text(node, "id"), text(node, "firstName"), text(node, "lastName"),
                text(node, "email"), dateOfBirth, gender == null ? null : gender.toLowerCase(Locale.ROOT), e164);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String s = value.isTextual() ? value.textValue() : value.toString();
        return s.isBlank() ? null : s.strip();
    }
}
