package io.fullscriptbridge.ehr.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.ehr.CanonicalJsonFormat;
import io.fullscriptbridge.ehr.InboundFormat;
import io.fullscriptbridge.ehr.MessageType;
import io.fullscriptbridge.ehr.PatientDemographics;
import io.fullscriptbridge.ehr.PatientMessage;
import io.fullscriptbridge.ehr.PatientValidator;
import io.fullscriptbridge.ehr.fhir.FhirPatientFormat;
import org.junit.jupiter.api.Test;

/** One patient written as canonical JSON, as HL7 2.3, 2.4 and 2.5.1 ADTs and as a FHIR Patient reads the same. */
class SamePatientAllFormatsTest {

    private static final PatientDemographics ADA = new PatientDemographics("MRN-000451", "Ada", "Lovelace & Byron",
            "ada.lovelace@example.com", LocalDate.of(1985, 12, 10), "female", "+14155552671");

    private static final String JSON = """
            {"type":"patient.upsert","patient":{"id":"MRN-000451","firstName":"Ada","lastName":"Lovelace & Byron",
             "email":"ada.lovelace@example.com","dateOfBirth":"1985-12-10","gender":"female","mobile":"(415) 555-2671"}}""";

    /** 2.3, CR: EVN, SSN before the MRN in PID-3, 2.3-style phone in XTN-1; no PV1. */
    private static final String HL7_23 = String.join("\r",
            "MSH|^~\\&|EHR|CLINIC|BRIDGE|FS|20240101120000||ADT^A04|MSG-23|P|2.3",
            "EVN|A04|20240101120000",
            "PID|1||123-45-6789^^^SSA^SS~MRN-000451^^^CLINIC^MR||Lovelace \\T\\ Byron^Ada^A^^^^L||19851210|F|||"
                    + "12 St James\\E\\s Sq^^London^^SW1Y 4LB^GBR||(415)555-2671^PRN^PH~^NET^Internet^ada.lovelace@example.com",
            "");

    /** 2.4, LF: no EVN, maiden name repeated after the legal one, untyped phone and the address in XTN-1. */
    private static final String HL7_24 = String.join("\n",
            "MSH|^~\\&|EHR|CLINIC|BRIDGE|FS|20240101120000||ADT^A08^ADT_A01|MSG-24|P|2.4",
            "PID|1||MRN-000451^^^CLINIC^MR~987^^^BILLING^AN||Lovelace \\T\\ Byron^Ada^^^^^L~King^Ada^^^^^M||198512101030|F"
                    + "|||||(415) 555-2671~ada.lovelace@example.com",
            "PV1|1|O");

    /** 2.5.1, CRLF: A28, an escaped id from another authority first, home phone, e-mail and a CP mobile, PID-14. */
    private static final String HL7_251 = String.join("\r\n",
            "MSH|^~\\&|EHR|CLINIC|BRIDGE|FS|20240101120000||ADT^A28^ADT_A05|MSG-251|P|2.5.1",
            "EVN|A28|20240101120000",
            "PID|1||A\\E\\17^^^LEGACY^PI~MRN-000451^^^CLINIC^MR~\"\"^^^CLINIC^SS||Lovelace \\T\\ Byron^Ada^Augusta^^^^L"
                    + "||19851210|F|||||^PRN^PH^^^212^4561234~^NET^Internet^ada.lovelace@example.com~^PRN^CP^^1^415^5552671"
                    + "|^WPN^PH^^^212^4569999",
            "PV1|1|O",
            "");

    /** Several identifiers (one without value), a maiden name before the official one, work and home e-mails. */
    private static final String FHIR = """
            {
              "resourceType": "Patient",
              "identifier": [
                {"system": "urn:oid:2.16.840.1.113883.4.1", "value": "123-45-6789"},
                {"system": "urn:clinic:mrn"},
                {"system": "urn:clinic:mrn", "value": "MRN-000451"}
              ],
              "name": [
                {"use": "maiden", "family": "King", "given": ["Ada"]},
                {"use": "official", "family": "Lovelace & Byron", "given": ["Ada", "Augusta"]}
              ],
              "telecom": [
                {"system": "phone", "use": "home", "value": "(212) 456-1234"},
                {"system": "email", "use": "work", "value": "ada@work.example.com"},
                {"system": "email", "use": "home", "value": "ada.lovelace@example.com"},
                {"system": "phone", "use": "mobile", "value": "+1 415-555-2671"}
              ],
              "gender": "female",
              "birthDate": "1985-12-10"
            }""";

    @Test
    void every_format_gives_the_same_demographics() {
        InboundFormat json = new CanonicalJsonFormat(new ObjectMapper(), "US");
        InboundFormat hl7 = new Hl7v2Format("CLINIC", "", "US");
        InboundFormat fhir = new FhirPatientFormat("urn:clinic:mrn", "US");

        Map<String, PatientMessage> messages = new LinkedHashMap<>();
        messages.put("json", json.parse(JSON));
        messages.put("hl7 2.3", hl7.parse(HL7_23));
        messages.put("hl7 2.4", hl7.parse(HL7_24));
        messages.put("hl7 2.5.1", hl7.parse(HL7_251));
        messages.put("fhir", fhir.parse(FHIR));

        PatientValidator validator = new PatientValidator();
        messages.forEach((format, message) -> {
            assertThat(message.type()).as(format).isEqualTo(MessageType.PATIENT_UPSERT);
            assertThat(message.patient()).as(format).usingRecursiveComparison().isEqualTo(ADA);
            assertThat(message.patient()).as(format).isEqualTo(ADA);
            validator.validate(message);
        });
        assertThat(messages.get("hl7 2.3").sourceMessageId()).isEqualTo("MSG-23");
        assertThat(messages.get("hl7 2.4").sourceMessageId()).isEqualTo("MSG-24");
        assertThat(messages.get("hl7 2.5.1").sourceMessageId()).isEqualTo("MSG-251");
        assertThat(messages.get("json").sourceMessageId()).isNull();
        assertThat(messages.get("fhir").sourceMessageId()).isNull();
    }

    @Test
    void each_body_is_claimed_by_its_own_format_only() {
        InboundFormat json = new CanonicalJsonFormat(new ObjectMapper(), "US");
        InboundFormat hl7 = new Hl7v2Format("", "", "US");
        InboundFormat fhir = new FhirPatientFormat("", "US");
        assertThat(new boolean[] {json.accepts(null, JSON), hl7.accepts(null, JSON), fhir.accepts(null, JSON)})
                .containsExactly(true, false, false);
        for (String body : new String[] {HL7_23, HL7_24, HL7_251}) {
            assertThat(new boolean[] {json.accepts(null, body), hl7.accepts(null, body), fhir.accepts(null, body)})
                    .containsExactly(false, true, false);
        }
        assertThat(new boolean[] {json.accepts(null, FHIR), hl7.accepts(null, FHIR), fhir.accepts(null, FHIR)})
                .containsExactly(false, false, true);
    }
}
