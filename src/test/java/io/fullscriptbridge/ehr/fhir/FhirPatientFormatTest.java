package io.fullscriptbridge.ehr.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import ca.uhn.fhir.context.FhirContext;
import io.fullscriptbridge.ehr.FieldWarning;
import io.fullscriptbridge.common.InvalidMessageException;
import io.fullscriptbridge.ehr.MessageType;
import io.fullscriptbridge.ehr.PatientDemographics;
import io.fullscriptbridge.ehr.PatientMessage;
import io.fullscriptbridge.ehr.PatientValidator;
import org.junit.jupiter.api.Test;

/** The FHIR samples of shared/samples/fhir (see SOURCES.md) and hand-written resources. */
class FhirPatientFormatTest {

    /** One context for the class: creating them is what is expensive. */
    private static final FhirContext R4 = FhirContext.forR4();

    private final FhirPatientFormat format = new FhirPatientFormat(R4, "", "US");

    private static FhirPatientFormat format(String idSystem, String region) {
        return new FhirPatientFormat(R4, idSystem, region);
    }

    static String sample(String name) {
        try (InputStream in = FhirPatientFormatTest.class.getResourceAsStream("/samples/fhir/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InvalidMessageException invalid(Runnable parse) {
        try {
            parse.run();
        } catch (InvalidMessageException e) {
            return e;
        }
        throw new AssertionError("expected an InvalidMessageException");
    }

    private static String patient(String elements) {
        return "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:x\",\"value\":\"P-1\"}],"
                + "\"name\":[{\"family\":\"Doe\",\"given\":[\"Jane\"]}]" + (elements.isEmpty() ? "" : "," + elements) + "}";
    }

    @Test
    void s01_official_name_and_the_mobile_among_several_phones() {
        String raw = sample("01-r4spec-patient-example.json");
        PatientMessage m = format(" ", "AU").parse(raw);
        assertThat(m.type()).isEqualTo(MessageType.PATIENT_UPSERT);
        assertThat(m.sourceMessageId()).isNull();
        // telecom: a home entry with no value (skipped), work (rank 1), mobile (rank 2), old (skipped)
        assertThat(m.patient()).usingRecursiveComparison().isEqualTo(new PatientDemographics("12345", "Peter",
                "Chalmers", null, LocalDate.of(1974, 12, 25), "male", "+61334105613"));
        // the numbers are Australian national numbers: under the US default region none is a valid number
        assertThat(format.parse(raw).patient().mobile()).isNull();
        // no email: valid (email is needed only to create a Fullscript patient; the matcher answers email_required)
        assertThat(new PatientValidator().validate(m).warnings()).isEmpty();
    }

    @Test
    void s02_gender_other_is_x_and_no_birth_date() {
        PatientMessage m = format.parse(sample("02-r4spec-patient-example-b-gender-other.json"));
        assertThat(m.patient()).usingRecursiveComparison().isEqualTo(new PatientDemographics("123456", "Duck",
                "Donald", null, null, "x", null));
    }

    @Test
    void s03_email_mobile_and_an_identifier_without_value() {
        String raw = sample("03-r4spec-patient-f001-email.json");
        PatientMessage m = format("", "NL").parse(raw);
        // no official name: the usual one; both identifiers share the BSN system, the second has no value
        assertThat(m.patient()).usingRecursiveComparison().isEqualTo(new PatientDemographics("738472983", "Pieter",
                "van de Heuvel", "p.heuvel@gmail.com", LocalDate.of(1944, 11, 17), "male", "+31648352638"));
        new PatientValidator().validate(m); // complete: passes
        assertThat(format("urn:oid:2.16.840.1.113883.2.4.6.3", "NL").parse(raw).ehrPatientId()).isEqualTo("738472983");
        // the Dutch mobile 0648352638 under the US region would be "+10648352638": dropped instead
        assertThat(format.parse(raw).patient().mobile()).isNull();
    }

    @Test
    void s05_a_bundle_of_twelve_patients_is_ambiguous() {
        InvalidMessageException e = invalid(() -> format.parse(sample("05-r4spec-patient-examples-general-bundle.json")));
        assertThat(e.getErrorCode()).isEqualTo("ambiguous_bundle");
        assertThat(e.getErrorMessage()).isEqualTo("the Bundle holds 12 Patient resources; send one patient per message");
    }

    @Test
    void s06_gender_unknown_is_left_out_and_the_identifier_system_picks_among_two() {
        String raw = sample("06-bluebutton-patient-gender-unknown.json");
        PatientMessage m = format.parse(raw);
        assertThat(m.patient()).usingRecursiveComparison().isEqualTo(new PatientDemographics("20140000008325", "Jane",
                "Doe", null, LocalDate.of(2014, 6, 1), null, null));
        assertThat(format("http://bluebutton.cms.hhs.gov/identifier#hicnHash", "US").parse(raw).ehrPatientId())
                .isEqualTo("2025fbc612a884853f0c245e686780bf748e5652360ecd7430575491f4e018c5");
        assertThat(format("http://bluebutton.cms.hhs.gov/identifier#bene_id", "US").parse(raw).ehrPatientId())
                .isEqualTo("20140000008325");
        InvalidMessageException e = invalid(() -> format("urn:other", "US").parse(raw));
        assertThat(e.getErrorCode()).isEqualTo("validation_failed");
        assertThat(e.getErrors()).containsExactly("Patient.identifier has no identifier with system urn:other");
    }

    @Test
    void a_bundle_with_one_patient_among_other_resources_is_read() {
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":["
                + "{\"resource\":{\"resourceType\":\"Organization\",\"name\":\"Clinic\"}},"
                + "{\"resource\":" + patient("\"gender\":\"female\"") + "}]}";
        assertThat(format.parse(bundle).patient()).usingRecursiveComparison()
                .isEqualTo(new PatientDemographics("P-1", "Jane", "Doe", null, null, "female", null));
        String none = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":["
                + "{\"resource\":{\"resourceType\":\"Organization\",\"name\":\"Clinic\"}}]}";
        InvalidMessageException e = invalid(() -> format.parse(none));
        assertThat(e.getErrorCode()).isEqualTo("no_patient");
        assertThat(e.getErrorMessage()).isEqualTo("the Bundle holds no Patient resource");
    }

    @Test
    void other_resources_and_non_fhir_bodies_are_refused() {
        InvalidMessageException observation = invalid(() -> format.parse("{\"resourceType\":\"Observation\",\"status\":\"final\"}"));
        assertThat(observation.getErrorCode()).isEqualTo("unsupported_resource");
        assertThat(observation.getErrorMessage()).isEqualTo("FHIR Observation is not supported; send a Patient, or a Bundle holding one");
        InvalidMessageException unknown = invalid(() -> format.parse("{\"resourceType\":\"Jane Doe\"}"));
        assertThat(unknown.getErrorCode()).isEqualTo("unparseable");
        assertThat(unknown.getErrorMessage()).isEqualTo("the body is not a FHIR R4 resource in JSON").doesNotContain("Jane");
        assertThat(invalid(() -> format.parse("{\"resourceType\":\"Patient\", \"name\": [ {\"family\": \"Doe\"")).getErrorCode())
                .isEqualTo("unparseable");
        assertThat(invalid(() -> format.parse("[1,2]")).getErrorCode()).isEqualTo("unparseable");
    }

    @Test
    void unknown_elements_do_not_stop_the_parse() {
        PatientMessage m = format.parse(patient("\"favouriteColour\":\"blue\",\"gender\":\"male\""));
        assertThat(m.patient().gender()).isEqualTo("male");
    }

    @Test
    void an_unusable_birth_date_is_left_out_with_a_warning_naming_the_field_only() {
        PatientMessage partial = format.parse(patient("\"birthDate\":\"1974-12\""));
        assertThat(partial.patient().dateOfBirth()).isNull();
        assertThat(partial.warnings()).containsExactly(new FieldWarning("dateOfBirth", "not_a_full_date"));
        PatientMessage wrong = format.parse(patient("\"birthDate\":\"1974-13-45\""));
        assertThat(wrong.patient().dateOfBirth()).isNull();
        assertThat(wrong.warnings()).containsExactly(new FieldWarning("dateOfBirth", "not_a_date"));
        assertThat(wrong.warnings().toString()).doesNotContain("1974").doesNotContain("Doe");
    }

    @Test
    void gender_mapping() {
        assertThat(format.parse(patient("\"gender\":\"female\"")).patient().gender()).isEqualTo("female");
        assertThat(format.parse(patient("\"gender\":\"male\"")).patient().gender()).isEqualTo("male");
        assertThat(format.parse(patient("\"gender\":\"other\"")).patient().gender()).isEqualTo("x");
        assertThat(format.parse(patient("\"gender\":\"unknown\"")).patient().gender()).isNull();
        assertThat(format.parse(patient("")).patient().gender()).isNull();
        PatientMessage f = format.parse(patient("\"gender\":\"F\""));
        assertThat(f.patient().gender()).isNull();
        assertThat(f.warnings()).containsExactly(new FieldWarning("gender", "unknown_code"));
    }

    @Test
    void identifier_without_system_setting_is_the_first_with_a_value() {
        String raw = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:a\"},{\"system\":\"urn:b\",\"value\":\" \"},"
                + "{\"system\":\"urn:c\",\"value\":\"C-3\"},{\"system\":\"urn:d\",\"value\":\"D-4\"}]}";
        assertThat(format.parse(raw).ehrPatientId()).isEqualTo("C-3");
        assertThat(format("urn:d", "US").parse(raw).ehrPatientId()).isEqualTo("D-4");
        assertThat(invalid(() -> format.parse("{\"resourceType\":\"Patient\"}")).getErrors())
                .containsExactly("Patient.identifier has no identifier with a value");
    }

    @Test
    void name_prefers_official_then_a_current_name_with_a_family() {
        String names = "{\"resourceType\":\"Patient\",\"identifier\":[{\"value\":\"1\"}],\"name\":["
                + "{\"use\":\"maiden\",\"family\":\"Byron\",\"given\":[\"Augusta\"]},"
                + "{\"use\":\"nickname\",\"given\":[\"Ada\"]},"
                + "{\"use\":\"usual\",\"family\":\"King\",\"given\":[\"Ada\",\"Augusta\"]},"
                + "{\"use\":\"official\",\"family\":\"Lovelace\",\"given\":[\"Augusta\",\"Ada\"]}]}";
        PatientDemographics p = format.parse(names).patient();
        assertThat(p.lastName()).isEqualTo("Lovelace");
        assertThat(p.firstName()).isEqualTo("Augusta");
        PatientDemographics noOfficial = format.parse(names.replace("\"official\"", "\"old\"")).patient();
        assertThat(noOfficial.lastName()).isEqualTo("King");
        assertThat(noOfficial.firstName()).isEqualTo("Ada");
    }

    @Test
    void email_prefers_home_and_skips_entries_without_value_or_marked_old() {
        String telecom = "\"telecom\":[{\"system\":\"email\",\"use\":\"home\"},"
                + "{\"system\":\"email\",\"use\":\"work\",\"value\":\"jane@work.example.com\"},"
                + "{\"system\":\"email\",\"use\":\"old\",\"value\":\"jane@old.example.com\"},"
                + "{\"system\":\"email\",\"use\":\"home\",\"value\":\"jane@home.example.com\"}]";
        assertThat(format.parse(patient(telecom)).patient().email()).isEqualTo("jane@home.example.com");
        assertThat(format.parse(patient(telecom.replace("\"use\":\"home\",\"value\"", "\"use\":\"temp\",\"value\"")))
                .patient().email()).isEqualTo("jane@work.example.com");
    }

    @Test
    void mobile_prefers_use_mobile_then_the_first_phone_by_rank() {
        String telecom = "\"telecom\":[{\"system\":\"phone\",\"use\":\"home\",\"value\":\"(212) 456-1234\",\"rank\":2},"
                + "{\"system\":\"phone\",\"use\":\"work\",\"value\":\"(212) 456-9999\",\"rank\":1},"
                + "{\"system\":\"phone\",\"use\":\"old\",\"value\":\"(646) 555-0100\"},"
                + "{\"system\":\"phone\",\"use\":\"mobile\",\"value\":\"646-555-0199\"}]";
        assertThat(format.parse(patient(telecom)).patient().mobile()).isEqualTo("+16465550199");
        String noMobile = telecom.replace(",{\"system\":\"phone\",\"use\":\"mobile\",\"value\":\"646-555-0199\"}", "");
        assertThat(format.parse(patient(noMobile)).patient().mobile()).as("rank 1 first").isEqualTo("+12124569999");
        String sms = "\"telecom\":[{\"system\":\"phone\",\"value\":\"(212) 456-1234\"},{\"system\":\"sms\",\"value\":\"+1 646 555 0199\"}]";
        assertThat(format.parse(patient(sms)).patient().mobile()).as("an sms number is a mobile").isEqualTo("+16465550199");
        String ended = "\"telecom\":[{\"system\":\"phone\",\"use\":\"mobile\",\"value\":\"646-555-0199\",\"period\":{\"end\":\"2014\"}},"
                + "{\"system\":\"phone\",\"value\":\"(212) 456-1234\"}]";
        assertThat(format.parse(patient(ended)).patient().mobile()).as("period ended").isEqualTo("+12124561234");
        String guess = "\"telecom\":[{\"system\":\"phone\",\"use\":\"mobile\",\"value\":\"555-1212\"}]";
        assertThat(format.parse(patient(guess)).patient().mobile()).as("no area code: not guessed").isNull();
        assertThat(format.parse(patient(guess)).warnings()).as("left out, said so, value not quoted")
                .containsExactly(new FieldWarning("mobile", "not_a_phone_number"));
    }

    @Test
    void accepts_fhir_content_types_or_a_json_body_with_a_resource_type() {
        assertThat(format.accepts("application/fhir+json", "")).isTrue();
        assertThat(format.accepts("application/fhir+json; fhirVersion=4.0", "")).isTrue();
        assertThat(format.accepts("application/json+fhir", "")).isTrue();
        assertThat(format.accepts(null, "\uFEFF\n  {\"resourceType\":\"Patient\"}")).isTrue();
        assertThat(format.accepts("application/json", "{\"resourceType\":\"Patient\"}")).isTrue();
        assertThat(format.accepts("application/json", "{\"type\":\"patient.upsert\",\"patient\":{}}")).isFalse();
        assertThat(format.accepts(null, "MSH|^~\\&|")).isFalse();
        assertThat(format.accepts("application/fhir+xml", "<Patient xmlns=\"http://hl7.org/fhir\"/>")).isFalse();
        assertThat(format.name()).isEqualTo("fhir");
    }

    @Test
    void a_bom_before_the_json_is_tolerated() {
        assertThat(format.parse("\uFEFF" + patient("")).ehrPatientId()).isEqualTo("P-1");
    }
}
