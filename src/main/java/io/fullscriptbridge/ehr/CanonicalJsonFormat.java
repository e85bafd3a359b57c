package io.fullscriptbridge.ehr;

import io.fullscriptbridge.common.InvalidMessageException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
        } catch (StreamConstraintsException e) {
            // Jackson's own limits (nesting depth, number and string lengths): no location to point at
            throw new InvalidMessageException("unparseable", "body exceeds the JSON limits (nesting depth, number or string length)");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidMessageException("unparseable", "body is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
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
        String dob = optionalText(node, "dateOfBirth", warnings);
        if (dob != null) {
            try {
                dateOfBirth = LocalDate.parse(dob);
            } catch (DateTimeParseException e) {
                warnings.add(new FieldWarning("dateOfBirth", "not_a_date"));
            }
        }
        String mobile = optionalText(node, "mobile", warnings);
        String e164 = null;
        if (mobile != null) {
            e164 = PhoneNumbers.toE164(mobile, defaultPhoneRegion).orElse(null);
            if (e164 == null) {
                warnings.add(new FieldWarning("mobile", "not_a_phone_number"));
            }
        }
        String gender = optionalText(node, "gender", warnings);
        return new PatientDemographics(text(node, "id"), text(node, "firstName"), text(node, "lastName"),
                optionalText(node, "email", warnings), dateOfBirth, gender == null ? null : gender.toLowerCase(Locale.ROOT), e164);
    }

    /** An optional field that is not usable text is left out with a warning, like any other unusable optional value. */
    private static String optionalText(JsonNode node, String field, List<FieldWarning> warnings) {
        try {
            return text(node, field);
        } catch (InvalidMessageException e) {
            warnings.add(new FieldWarning(field, "not_text"));
            return null;
        }
    }

    /** Ids may come as JSON integers (numeric MRNs); every other field must be a string. */
    private static final java.util.Set<String> ID_FIELDS = java.util.Set.of("id", "patientId", "encounterId");

    /**
     * A string field, stripped; null when absent, null or blank. A value of another JSON type (an array, an object, a
     * boolean, a fraction) or text that is not text (control characters, unpaired surrogates) is refused, naming the
     * field and never the value: "[]" must not become an EHR patient id.
     */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String s;
        if (value.isTextual()) {
            s = value.textValue();
        } else if (value.isIntegralNumber() && ID_FIELDS.contains(field)) {
            s = value.asText();
        } else {
            throw new InvalidMessageException("validation_failed", List.of(field + " must be a string"));
        }
        if (!isText(s)) {
            throw new InvalidMessageException("validation_failed", List.of(field + " contains control characters or broken unicode"));
        }
        return s.isBlank() ? null : s.strip();
    }

    private static boolean isText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return false;
            }
            if (Character.isLowSurrogate(c) || (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r')) {
                return false;
            }
        }
        return true;
    }
}
