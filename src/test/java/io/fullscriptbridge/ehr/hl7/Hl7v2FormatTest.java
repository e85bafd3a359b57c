package io.fullscriptbridge.ehr.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import io.fullscriptbridge.ehr.FieldWarning;
import io.fullscriptbridge.common.InvalidMessageException;
import io.fullscriptbridge.ehr.PatientDemographics;
import io.fullscriptbridge.ehr.PatientMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hand-written messages for what the samples do not cover. */
class Hl7v2FormatTest {

    private static final String MSH = "MSH|^~\\&|EHR|CLINIC|BRIDGE|FS|20240101120000||ADT^A04|MSG-1|P|2.5.1\r";

    private final Hl7v2Format format = new Hl7v2Format("", "", "US");

    private static String pid(String pid3, String pid5, String pid7, String pid8, String pid13, String pid14) {
        return "PID|1||" + pid3 + "||" + pid5 + "||" + pid7 + "|" + pid8 + "|||||" + pid13 + "|" + pid14 + "\r";
    }

    private PatientDemographics patient(String pid) {
        return format.parse(MSH + pid).patient();
    }

    private static InvalidMessageException invalid(Runnable parse) {
        try {
            parse.run();
        } catch (InvalidMessageException e) {
            return e;
        }
        throw new AssertionError("expected an InvalidMessageException");
    }

    @Test
    void all_five_escapes_are_decoded() {
        PatientDemographics p = patient(pid("A\\E\\1^^^CLINIC^MR", "O\\S\\Neil\\F\\\\T\\\\R\\^Ann\\E\\Marie",
                "19850101", "F", "", ""));
        assertThat(p.lastName()).isEqualTo("O^Neil|&~");
        assertThat(p.firstName()).isEqualTo("Ann\\Marie");
        assertThat(p.id()).isEqualTo("A\\1");
    }

    @Test
    void names_take_the_first_repetition_with_a_family_name() {
        PatientDemographics p = patient(pid("1", "^Nick^^^^^A~Lovelace^Ada^^^^^L~Byron^Ada^^^^^M", "", "", "", ""));
        assertThat(p.lastName()).isEqualTo("Lovelace");
        assertThat(p.firstName()).isEqualTo("Ada");
    }

    @Test
    void segments_may_end_in_cr_lf_or_crlf_and_a_bom_and_blank_lines_are_ignored() {
        String cr = MSH + "EVN|A04|20240101\r" + pid("77", "Doe^Jane", "19900102", "F", "", "");
        PatientMessage expected = format.parse(cr);
        assertThat(expected.patient().id()).isEqualTo("77");
        assertThat(format.parse(cr.replace("\r", "\n"))).isEqualTo(expected);
        assertThat(format.parse(cr.replace("\r", "\r\n"))).isEqualTo(expected);
        assertThat(format.parse("\uFEFF \r\n" + cr.replace("\r", "\r\n\r\n"))).isEqualTo(expected);
        assertThat(format.parse("\u000B" + cr + "\u001C\r")).as("MLLP framing left on").isEqualTo(expected);
    }

    @Test
    void a_line_break_inside_a_field_does_not_cut_the_segment() {
        PatientDemographics p = patient("PID|1||77||Doe^Jane\nMarie||19900102|F\r");
        assertThat(p.firstName()).isEqualTo("Jane Marie");
        assertThat(p.dateOfBirth()).isEqualTo(LocalDate.of(1990, 1, 2));
        assertThat(p.gender()).isEqualTo("female");
    }

    @ParameterizedTest
    @CsvSource({
            "19850101, 1985-01-01",
            "198501011230, 1985-01-01",
            "19850101123045.1234-0500, 1985-01-01",
            "19641028000000-0600, 1964-10-28",
            "20000229, 2000-02-29"})
    void pid7_takes_the_date_part(String pid7, String expected) {
        assertThat(patient(pid("1", "Doe^Jane", pid7, "", "", "")).dateOfBirth()).isEqualTo(LocalDate.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({
            "1961, not_a_full_date",
            "196106, not_a_full_date",
            "19611332, not_a_date",
            "19010229, not_a_date",
            "1961-06-15, not_a_date",
            "yesterday, not_a_date"})
    void a_partial_or_invalid_pid7_is_left_out_with_a_warning_naming_the_field_not_the_value(String pid7, String reason) {
        PatientMessage m = format.parse(MSH + pid("1", "Doe^Jane", pid7, "F", "", ""));
        assertThat(m.patient().dateOfBirth()).isNull();
        assertThat(m.patient().gender()).as("the rest still syncs").isEqualTo("female");
        assertThat(m.warnings()).containsExactly(new FieldWarning("dateOfBirth", reason));
        assertThat(m.warnings().toString()).doesNotContain(pid7).doesNotContain("Doe").doesNotContain("Jane");
    }

    @Test
    void an_explicit_null_birth_date_is_no_birth_date() {
        assertThat(patient(pid("1", "Doe^Jane", "\"\"", "F", "", "")).dateOfBirth()).isNull();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "M, male", "F, female", "male, male", "FEMALE, female", "F^Female, female", "m, male",
            "O, x", "U, null", "A, x", "N, x", "X, x", "other, x", "Unknown, null",
            "Z, null", "\"\", null", "'', null"})
    void pid8_maps_to_fullscript_gender(String pid8, String expected) {
        assertThat(patient(pid("1", "Doe^Jane", "", pid8, "", "")).gender()).isEqualTo(expected);
    }

    @Test
    void pid3_skips_empty_and_explicit_null_repetitions() {
        assertThat(patient(pid("\"\"^^^A^MR~^^^B^PI~ 42 ^^^C^MR", "Doe^Jane", "", "", "", "")).id()).isEqualTo("42");
    }

    @Test
    void pid3_selection_by_authority_matches_the_namespace_or_the_universal_id_and_the_type() {
        String pid = pid("1^^^HOSP^PI~2^^^&2.16.840.1.113883.3.1&ISO^MR~3^^^HOSP^MR", "Doe^Jane", "", "", "", "");
        assertThat(new Hl7v2Format("2.16.840.1.113883.3.1", "", "US").parse(MSH + pid).ehrPatientId()).isEqualTo("2");
        assertThat(new Hl7v2Format("HOSP", "MR", "US").parse(MSH + pid).ehrPatientId()).isEqualTo("3");
        assertThat(new Hl7v2Format("", "mr", "US").parse(MSH + pid).ehrPatientId()).isEqualTo("2");
        InvalidMessageException e = invalid(() -> new Hl7v2Format("OTHER", "MR", "US").parse(MSH + pid));
        assertThat(e.getErrorCode()).isEqualTo("validation_failed");
        assertThat(e.getErrors()).containsExactly(
                "PID-3 (patient identifier list) has no identifier from assigning authority OTHER and type MR");
    }

    @Test
    void a_pid3_without_any_id_is_a_validation_error() {
        InvalidMessageException e = invalid(() -> format.parse(MSH + pid("\"\"~^^^A^MR", "Doe^Jane", "1961", "", "", "")));
        assertThat(e.getErrors()).containsExactly("PID-3 (patient identifier list) has no identifier");
    }

    @Test
    void email_is_the_net_or_internet_repetition_and_the_mobile_prefers_cp_over_prn() {
        PatientDemographics p = patient(pid("1", "Doe^Jane", "", "",
                "^PRN^PH^^^212^4561234~(415)555-2671^WPN^PH~^NET^Internet^jane@example.com~^PRN^CP^^1^646^5550199", ""));
        assertThat(p.email()).isEqualTo("jane@example.com");
        assertThat(p.mobile()).isEqualTo("+16465550199");
    }

    @Test
    void email_by_use_code_net_or_equipment_x400_or_an_at_sign_in_xtn1() {
        assertThat(patient(pid("1", "D^J", "", "", "^NET^^a@example.com", "")).email()).isEqualTo("a@example.com");
        assertThat(patient(pid("1", "D^J", "", "", "^^X.400^b@example.com", "")).email()).isEqualTo("b@example.com");
        assertThat(patient(pid("1", "D^J", "", "", "(212)456-1234~c@example.com", "")).email())
                .as("2.3 senders put the address in XTN-1").isEqualTo("c@example.com");
        assertThat(patient(pid("1", "D^J", "", "", "^NET^Internet^\"\"", "")).email()).as("explicit null").isNull();
        assertThat(patient(pid("1", "D^J", "", "", "", "^WPN^Internet^work@example.com")).email())
                .as("PID-14 when PID-13 has none").isEqualTo("work@example.com");
        assertThat(patient(pid("1", "D^J", "", "", "^NET^Internet^home@example.com", "^WPN^Internet^work@example.com"))
                .email()).isEqualTo("home@example.com");
    }

    @Test
    void mobile_falls_back_prn_then_orn_then_an_untyped_home_number() {
        assertThat(patient(pid("1", "D^J", "", "", "^ORN^PH^^^646^5550101~^PRN^PH^^^212^4561234", "")).mobile())
                .isEqualTo("+12124561234");
        assertThat(patient(pid("1", "D^J", "", "", "(212) 456-1234~^ORN^PH^^^646^5550101", "")).mobile())
                .isEqualTo("+16465550101");
        assertThat(patient(pid("1", "D^J", "", "", "(212) 456-1234", "")).mobile()).isEqualTo("+12124561234");
        assertThat(patient(pid("1", "D^J", "", "", "^^^^^^^^^^^+1 212 456 1234", "")).mobile())
                .as("XTN-12 unformatted number").isEqualTo("+12124561234");
    }

    @Test
    void work_fax_beeper_and_unknown_codes_are_never_the_mobile() {
        assertThat(patient(pid("1", "D^J", "", "",
                "^WPN^PH^^^212^4561234~^PRN^FX^^^212^4561235~^BPN^BP^^^212^4561236~(212)456-1237^HOME^JP:1", ""))
                .mobile()).isNull();
    }

    @Test
    void an_unparseable_cp_number_is_dropped_and_the_next_candidate_used() {
        assertThat(patient(pid("1", "D^J", "", "", "call me^PRN^CP~^PRN^PH^^^212^4561234", "")).mobile())
                .isEqualTo("+12124561234");
    }

    @Test
    void a_number_that_would_have_to_be_guessed_is_dropped_without_error() {
        // no area code: PhoneNumbers alone would say "+15551212"
        assertThat(patient(pid("1", "D^J", "", "", "555-1212^PRN^CP", "")).mobile()).isNull();
        assertThat(patient(pid("1", "D^J", "", "", "^PRN^CP^^^^5551212", "")).mobile()).isNull();
        // a Dutch national number under the US default region: PhoneNumbers alone would say "+10648352638"
        assertThat(patient(pid("1", "D^J", "", "", "0648352638^PRN^CP", "")).mobile()).isNull();
        assertThat(new Hl7v2Format("", "", "NL").parse(MSH + pid("1", "D^J", "", "", "0648352638^PRN^CP", ""))
                .patient().mobile()).isEqualTo("+31648352638");
    }

    @Test
    void pid14_is_consulted_for_a_cell_phone_only_when_pid13_has_no_mobile() {
        assertThat(patient(pid("1", "D^J", "", "", "", "^WPN^PH^^^212^4561234~^WPN^CP^^^646^5550101")).mobile())
                .isEqualTo("+16465550101");
        assertThat(patient(pid("1", "D^J", "", "", "", "^WPN^PH^^^212^4561234")).mobile()).isNull();
        assertThat(patient(pid("1", "D^J", "", "", "^PRN^PH^^^212^4561234", "^WPN^CP^^^646^5550101")).mobile())
                .isEqualTo("+12124561234");
    }

    @Test
    void the_trigger_event_may_come_from_evn1_when_msh9_has_none() {
        String raw = "MSH|^~\\&|A|B|C|D|20240101||ADT|X9|P|2.3\rEVN|A08|20240101\r" + pid("5", "Doe^Jane", "", "", "", "");
        assertThat(format.parse(raw).ehrPatientId()).isEqualTo("5");
        String a03 = "MSH|^~\\&|A|B|C|D|20240101||ADT|X9|P|2.3\rEVN|A03|20240101\r" + pid("5", "Doe^Jane", "", "", "", "");
        assertThat(invalid(() -> format.parse(a03)).getErrorMessage()).startsWith("HL7 ADT^A03 is not supported");
    }

    @Test
    void every_supported_event_is_read_and_others_are_refused_by_name() {
        for (String event : new String[] {"A01", "A04", "A08", "A28", "A31"}) {
            String raw = MSH.replace("ADT^A04", "ADT^" + event) + pid("5", "Doe^Jane", "", "", "", "");
            assertThat(format.parse(raw).ehrPatientId()).as(event).isEqualTo("5");
        }
        InvalidMessageException oru = invalid(() -> format.parse(MSH.replace("ADT^A04", "ORU^R01^ORU_R01")
                + pid("5", "Doe^Jane", "", "", "", "")));
        assertThat(oru.getErrorCode()).isEqualTo("unsupported_event");
        assertThat(oru.getErrorMessage()).startsWith("HL7 ORU^R01 is not supported");
        InvalidMessageException noEvent = invalid(() -> format.parse(MSH.replace("ADT^A04", "ADT")
                + pid("5", "Doe^Jane", "", "", "", "")));
        assertThat(noEvent.getErrorMessage()).startsWith("HL7 ADT with no trigger event is not supported");
    }

    @Test
    void a_message_structure_hapi_does_not_know_is_still_read() {
        String raw = MSH.replace("ADT^A04", "ADT^A08^ADT_X99") + "EVN|A08\r" + pid("5", "Doe^Jane", "19900102", "F", "", "");
        assertThat(format.parse(raw).patient()).usingRecursiveComparison()
                .isEqualTo(new PatientDemographics("5", "Jane", "Doe", null, LocalDate.of(1990, 1, 2), "female", null));
    }

    @Test
    void versions_22_to_26_are_read() {
        for (String version : new String[] {"2.2", "2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6"}) {
            String raw = MSH.replace("|2.5.1\r", "|" + version + "\r") + pid("5", "Doe^Jane", "19900102", "F", "", "");
            assertThat(format.parse(raw).patient()).as(version).usingRecursiveComparison()
                    .isEqualTo(new PatientDemographics("5", "Jane", "Doe", null, LocalDate.of(1990, 1, 2), "female", null));
        }
    }

    @Test
    void unparseable_messages_say_what_is_wrong_and_nothing_of_the_patient() {
        assertThat(invalid(() -> format.parse("PID|1||5||Doe^Jane")).getErrorMessage())
                .isEqualTo("the message does not start with an MSH segment");
        assertThat(invalid(() -> format.parse("hello Jane Doe")).getErrorMessage())
                .isEqualTo("the message does not start with an MSH segment");
        assertThat(invalid(() -> format.parse("MSH|^~")).getErrorMessage())
                .isEqualTo("the MSH segment is truncated (no field separator and encoding characters)");
        assertThat(invalid(() -> format.parse("MSH|^~\\&|EHR|CLINIC\rPID|1||5||Doe^Jane")).getErrorMessage())
                .startsWith("the MSH segment is truncated or incomplete");
        assertThat(invalid(() -> format.parse(MSH + "EVN|A04\rPV1|1|O\r")).getErrorMessage())
                .isEqualTo("the message has no PID segment");
        InvalidMessageException version = invalid(() -> format.parse(MSH.replace("|2.5.1\r", "|9.9\r")
                + pid("5", "Doe^Jane", "", "", "", "")));
        assertThat(version.getErrorCode()).isEqualTo("unparseable");
        assertThat(version.getErrorMessage()).isEqualTo("MSH-12 (version) does not name an HL7 v2 version");
        assertThat(invalid(() -> format.parse("")).getErrorCode()).isEqualTo("unparseable");
    }

    @Test
    void accepts_hl7_content_types_or_a_body_starting_with_msh() {
        assertThat(format.accepts("x-application/hl7-v2+er7", "anything")).isTrue();
        assertThat(format.accepts("application/hl7-v2; charset=utf-8", "anything")).isTrue();
        assertThat(format.accepts(null, "\uFEFF\r\n  " + MSH)).isTrue();
        assertThat(format.accepts("text/plain", MSH)).isTrue();
        assertThat(format.accepts("application/json", "{\"type\":\"patient.upsert\"}")).isFalse();
        assertThat(format.accepts(null, "{\"resourceType\":\"Patient\"}")).isFalse();
        assertThat(format.accepts("application/fhir+json", "{\"resourceType\":\"Patient\"}")).isFalse();
        assertThat(format.accepts(null, "PID|1||5")).isFalse();
        assertThat(format.name()).isEqualTo("hl7v2");
    }

    @Test
    void msh10_is_the_source_message_id_and_an_explicit_null_is_none() {
        assertThat(format.parse(MSH + pid("5", "Doe^Jane", "", "", "", "")).sourceMessageId()).isEqualTo("MSG-1");
        assertThat(format.parse(MSH.replace("|MSG-1|", "|\"\"|") + pid("5", "Doe^Jane", "", "", "", ""))
                .sourceMessageId()).isNull();
    }
}
