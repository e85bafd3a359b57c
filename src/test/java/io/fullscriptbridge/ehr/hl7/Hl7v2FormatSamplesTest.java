package io.fullscriptbridge.ehr.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import io.fullscriptbridge.ehr.FieldWarning;
import io.fullscriptbridge.common.InvalidMessageException;
import io.fullscriptbridge.ehr.MessageType;
import io.fullscriptbridge.ehr.PatientDemographics;
import io.fullscriptbridge.ehr.PatientMessage;
import io.fullscriptbridge.ehr.PatientValidator;
import org.junit.jupiter.api.Test;

/** Every HL7 sample of shared/samples/hl7 (see SOURCES.md) and what the bridge makes of it. */
class Hl7v2FormatSamplesTest {

    private final Hl7v2Format format = new Hl7v2Format("", "", "US");
    private final PatientValidator validator = new PatientValidator();

    private PatientMessage parse(String sample) {
        return format.parse(Hl7Samples.read("hl7/" + sample));
    }

    @Test
    void s01_v25_a01_with_z_segment_and_three_pid3_repetitions() {
        PatientMessage m = parse("01-hapi-a01-v25-zfa-zsegment.hl7");
        assertThat(m.type()).isEqualTo(MessageType.PATIENT_UPSERT);
        assertThat(m.patient()).usingRecursiveComparison().isEqualTo(new PatientDemographics("397979797", "Rory", "Williams", null,
                LocalDate.of(1964, 10, 28), "male", null));
        assertThat(m.sourceMessageId()).isEqualTo("9c906177-dfca-4bbe-9abd-d8eb43df93a0");
        // the CP number is the next of kin's (NK1), not the patient's; there is no e-mail, which is valid (D45)
        assertThat(validator.validate(m).patient().email()).isNull();
    }

    @Test
    void s01_assigning_authority_and_type_pick_among_the_pid3_repetitions() {
        String raw = Hl7Samples.read("hl7/01-hapi-a01-v25-zfa-zsegment.hl7");
        assertThat(new Hl7v2Format("YARDI", "", "US").parse(raw).ehrPatientId()).isEqualTo("1000");
        assertThat(new Hl7v2Format("BKDMDM", "", "US").parse(raw).ehrPatientId()).isEqualTo("4242");
        assertThat(new Hl7v2Format("", "PI", "US").parse(raw).ehrPatientId()).isEqualTo("4242");
        assertThat(new Hl7v2Format("YARDI", "PI", "US").parse(raw).ehrPatientId()).isEqualTo("1000");
        assertThat(new Hl7v2Format("SN", "SN", "US").parse(raw).ehrPatientId()).isEqualTo("397979797");
        // 31592^^^YARDI^AN is PID-18 (account number), never a patient id
        assertThatThrownBy(() -> new Hl7v2Format("", "AN", "US").parse(raw))
                .isInstanceOfSatisfying(InvalidMessageException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo("validation_failed");
                    assertThat(e.getErrors()).containsExactly("PID-3 (patient identifier list) has no identifier of type AN");
                });
    }

    @Test
    void s03_v231_a01_e_escape_in_pid3_and_mojibake_phones() {
        String raw = Hl7Samples.read("hl7/03-hl7dotnetcore-a01-v231-e-escape-mojibake.hl7");
        PatientMessage m = format.parse(raw);
        // the '?' damaged phone numbers ("(999)999?1212") are not phone numbers: dropped, no error
        assertThat(m.patient()).usingRecursiveComparison().isEqualTo(new PatientDemographics("PATID1234", "WILLIAM", "SMITH", null,
                LocalDate.of(1961, 6, 15), "male", null));
        assertThat(m.sourceMessageId()).isEqualTo("MSG00001");
        // the repetition holding the \E\ escape (123456789^\E\^^USSSA^SS) is selectable by authority or type
        assertThat(new Hl7v2Format("USSSA", "", "US").parse(raw).ehrPatientId()).isEqualTo("123456789");
        assertThat(new Hl7v2Format("", "SS", "US").parse(raw).ehrPatientId()).isEqualTo("123456789");
        assertThat(new Hl7v2Format("ADT1", "MR", "US").parse(raw).ehrPatientId()).isEqualTo("PATID1234");
    }

    @Test
    void s04_v23_empty_msh10_is_recovered_because_the_pid_is_sound() {
        PatientMessage m = parse("04-lfh-a01-v23-empty-msh-fields-malformed.hl7");
        // PID-8 "female" (a word, not a table 0001 code) is understood; PID-5 prefix "MR" ignored
        assertThat(m.patient()).usingRecursiveComparison().isEqualTo(new PatientDemographics("000010016", "Patrick", "Wood", null,
                LocalDate.of(1970, 1, 1), "female", null));
        assertThat(m.sourceMessageId()).as("MSH-10 is empty").isNull();
        // PID-3 is 000010016^^^MR: "MR" sits in CX-4 (assigning authority), so it selects by authority
        assertThat(new Hl7v2Format("MR", "", "US").parse(Hl7Samples.read("hl7/04-lfh-a01-v23-empty-msh-fields-malformed.hl7"))
                .ehrPatientId()).isEqualTo("000010016");
    }

    @Test
    void s07_v25_a04_without_evn_and_an_impossible_phone() {
        PatientMessage m = parse("07-nodengine-a04-v25-epic-no-evn.hl7");
        // PID-2 holds 0493575 (external id); PID-3 holds 454721. (216)123-4567 has an exchange starting with 1:
        // not a valid NANP number, dropped rather than sent
        assertThat(m.patient()).usingRecursiveComparison().isEqualTo(new PatientDemographics("454721", "JOHN", "DOE", null,
                LocalDate.of(1948, 2, 3), "male", null));
        assertThat(m.sourceMessageId()).isEqualTo("1817457");
    }

    @Test
    void s08_v23_a04_t_escape_and_literal_msh_in_pid17() {
        PatientMessage m = parse("08-hapi-a04-v23-t-escape.hl7");
        // PID-17 "MSH" does not start a segment; XTN use code HOME is not in table 0201, and 555 is no area code
        assertThat(m.patient()).usingRecursiveComparison().isEqualTo(new PatientDemographics("123456789", "MARIO", "BROS", null,
                LocalDate.of(1985, 1, 1), "male", null));
        assertThat(m.sourceMessageId()).isEqualTo("Q123456789T123456789X123456");
    }

    @Test
    void s10_v251_a04_with_bom_and_empty_msh3_to_6() {
        PatientMessage m = parse("10-fhirconverter-a04-v251-bom-minimal.hl7");
        assertThat(m.patient()).usingRecursiveComparison().isEqualTo(new PatientDemographics("MRN12345", "Jane", "Doe", null,
                LocalDate.of(1978, 1, 1), "female", null));
        assertThat(m.sourceMessageId()).isEqualTo("401");
    }

    @Test
    void s13_v22_without_segment_separators_is_unparseable() {
        assertThatThrownBy(() -> parse("13-issue-nhapi52-a04-v22-no-segment-separators-malformed.hl7"))
                .isInstanceOfSatisfying(InvalidMessageException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo("unparseable");
                    assertThat(e.getErrorMessage()).isEqualTo(
                            "the message has no PID segment: its segments are run together without segment separators");
                });
    }

    @Test
    void s13_with_separators_restored_is_read_as_v22_and_its_masked_birth_date_is_left_out_with_a_warning() {
        String raw = Hl7Samples.read("hl7/13-issue-nhapi52-a04-v22-no-segment-separators-malformed.hl7")
                .replace("|EVN|", "\rEVN|").replace("|PID|", "\rPID|").replace("|PV1|", "\rPV1|")
                .replace("|OBX|", "\rOBX|").replace("|IN2|", "\rIN2|").replace("|UB2|", "\rUB2|");
        // the poster masked PID-7 to "12345": left out, the warning names the field, not the value
        PatientMessage masked = format.parse(raw);
        assertThat(masked.patient().dateOfBirth()).isNull();
        assertThat(masked.warnings()).contains(new FieldWarning("dateOfBirth", "not_a_date"));
        assertThat(masked.warnings().toString()).doesNotContain("12345");
        PatientMessage m = format.parse(raw.replace("|12345|M|", "|19800101|M|"));
        // 2.2: PID-2 is the external id, PID-3 the internal one; the untyped home number (111)111-1111 is invalid
        assertThat(m.patient()).usingRecursiveComparison().isEqualTo(new PatientDemographics("M000481114", "ABCD", "ZABCDEF", null,
                LocalDate.of(1980, 1, 1), "male", null));
        assertThat(m.sourceMessageId()).isEqualTo("36927017");
    }

    @Test
    void s14_v23_a08_explicit_nulls_and_an_eight_digit_phone() {
        PatientMessage m = parse("14-hapi-a08-v23-au-null-values.hl7");
        // PID-2 is "" (explicit null); PID-13 12345678^PRN^^^^^12345678 is too short for a whole number
        assertThat(m.patient()).usingRecursiveComparison().isEqualTo(new PatientDemographics("708010", "GIVEN", "SURNAME", null,
                LocalDate.of(1938, 12, 16), "female", null));
        assertThat(m.sourceMessageId()).isEqualTo("2013092302303834022003");
        assertThat(new Hl7v2Format("", "", "AU").parse(Hl7Samples.read("hl7/14-hapi-a08-v23-au-null-values.hl7"))
                .patient().mobile()).as("not a valid Australian number either").isNull();
    }

    @Test
    void s18_v25_a28_f_escape_in_family_name_null_email_and_italian_mobile() {
        String raw = Hl7Samples.read("hl7/18-hl7dotnetcore-a28-v25-f-escape-null-email.hl7");
        PatientMessage m = new Hl7v2Format("", "", "IT").parse(raw);
        // \F\ decodes to '|'; the NET repetition's address is "" (null): no e-mail; the ORN number is in XTN-12
        assertThat(m.patient()).usingRecursiveComparison().isEqualTo(new PatientDemographics("704251200", "TEST2", "TEST|TEST", null,
                LocalDate.of(1961, 9, 26), "male", "+393496927621"));
        assertThat(m.sourceMessageId()).isEqualTo("0000000111300053");
        // with the US default region the same national number would become an invalid +1 number: dropped
        assertThat(format.parse(raw).patient().mobile()).isNull();
        // eight PID-3 repetitions, most of them "" nulls
        assertThat(new Hl7v2Format("Ministero finanze", "", "IT").parse(raw).ehrPatientId()).isEqualTo("XXXXXXXX");
        assertThat(new Hl7v2Format("", "SS", "IT").parse(raw).ehrPatientId()).isEqualTo("XXXXXXX");
        assertThatThrownBy(() -> new Hl7v2Format("", "NPI", "IT").parse(raw))
                .isInstanceOfSatisfying(InvalidMessageException.class,
                        e -> assertThat(e.getErrors()).containsExactly(
                                "PID-3 (patient identifier list) has no identifier of type NPI"));
    }

    @Test
    void s19_v251_a31_line_break_inside_pid5_is_kept_in_the_field() {
        PatientMessage m = parse("19-issue-hapi125-a31-v251-email-linebreak-in-name-malformed.hl7");
        // PID-8 F^Female. The telecoms (+971…^PRN^CP~^NET^Internet^TEST@TEST.COM) are in PID-14 (business), not
        // PID-13 as SOURCES.md says: count the fields (PID-11 address, PID-12 empty, PID-13 empty, PID-14, PID-16
        // marital status M^Married). PID-13 is empty, so the e-mail and the CP mobile come from PID-14.
        assertThat(m.patient()).usingRecursiveComparison().isEqualTo(new PatientDemographics("0000", "TEST", "TEST", "TEST@TEST.COM",
                LocalDate.of(1965, 11, 13), "female", "+971569991111"));
        assertThat(m.sourceMessageId()).isEqualTo("4z16039498");
        validator.validate(m); // complete: passes
    }

    @Test
    void s19_reads_the_same_with_lf_or_crlf_segment_separators() {
        String raw = Hl7Samples.read("hl7/19-issue-hapi125-a31-v251-email-linebreak-in-name-malformed.hl7");
        PatientMessage cr = format.parse(raw);
        assertThat(format.parse(raw.replace("\r", "\n"))).as("as published in the issue: LF").isEqualTo(cr);
        assertThat(format.parse(raw.replace("\r", "\r\n"))).as("CRLF").isEqualTo(cr);
        assertThat(new Hl7v2Format("GOVERNMENT", "", "US").parse(raw.replace("\r", "\n")).ehrPatientId())
                .isEqualTo("PASSPORT001");
        assertThat(new Hl7v2Format("", "PPN", "US").parse(raw).ehrPatientId()).isEqualTo("PASSPORT001");
    }

    @Test
    void s21_v24_a31_invalid_evn_date_is_not_the_bridge_s_concern() {
        PatientMessage m = parse("21-hapi-a31-v24-invalid-evn-date-malformed.hl7");
        // EVN-2 is never read; PID-3 rep 2 is the explicit null ""
        assertThat(m.patient()).usingRecursiveComparison().isEqualTo(new PatientDemographics("29", "Leticia", "Test300", null,
                LocalDate.of(1977, 2, 2), "male", null));
        assertThat(m.sourceMessageId()).isEqualTo("75535037-1237815294895");
    }

    @Test
    void s23_a03_discharge_is_an_unsupported_event() {
        assertThatThrownBy(() -> parse("23-hapi-a03-v25-it-repeating-pid3.hl7"))
                .isInstanceOfSatisfying(InvalidMessageException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo("unsupported_event");
                    assertThat(e.getErrorMessage()).isEqualTo(
                            "HL7 ADT^A03 is not supported; the bridge reads ADT A01, A04, A08, A28, A31 and A40");
                });
    }

    @Test
    void s26_a40_merge_in_v26_names_the_surviving_and_the_prior_id() {
        PatientMessage m = validator.validate(parse("26-lfh-a40-v26-mrg.hl7"));
        assertThat(m.type()).isEqualTo(MessageType.PATIENT_MERGE);
        assertThat(m.ehrPatientId()).isEqualTo("MR1");
        assertThat(m.priorPatientId()).isEqualTo("MR2");
        assertThat(m.sourceMessageId()).isEqualTo("00000003");
    }

    @Test
    void s26_a40_with_a_configured_id_type_takes_the_untyped_mrg1_of_the_same_authority() {
        String raw = Hl7Samples.read("hl7/26-lfh-a40-v26-mrg.hl7");
        // PID-3 MR1^^^XYZ^MR carries type MR, MRG-1 MR2^^^XYZ none
        PatientMessage m = new Hl7v2Format("XYZ", "MR", "US").parse(raw);
        assertThat(m.ehrPatientId()).isEqualTo("MR1");
        assertThat(m.priorPatientId()).isEqualTo("MR2");
        // another authority's id is never taken
        assertThatThrownBy(() -> new Hl7v2Format("ABC", "MR", "US").parse(raw)).isInstanceOf(InvalidMessageException.class);
    }

    @Test
    void s26_a40_without_mrg_is_refused() {
        String raw = Hl7Samples.read("hl7/26-lfh-a40-v26-mrg.hl7");
        String withoutMrg = raw.substring(0, raw.indexOf("\rMRG|"));
        assertThatThrownBy(() -> format.parse(withoutMrg)).isInstanceOfSatisfying(InvalidMessageException.class,
                e -> assertThat(e.getErrorMessage()).contains("MRG"));
    }

    @Test
    void every_sample_is_claimed_by_sniffing_alone() {
        for (String sample : new String[] {"01-hapi-a01-v25-zfa-zsegment.hl7", "10-fhirconverter-a04-v251-bom-minimal.hl7",
                "13-issue-nhapi52-a04-v22-no-segment-separators-malformed.hl7", "26-lfh-a40-v26-mrg.hl7"}) {
            assertThat(format.accepts(null, Hl7Samples.read("hl7/" + sample))).as(sample).isTrue();
        }
    }
}
