package io.fullscriptbridge.ehr.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import io.fullscriptbridge.common.InvalidMessageException;
import io.fullscriptbridge.ehr.PatientValidator;
import org.junit.jupiter.api.Test;

class Hl7AcknowledgementsTest {

    private final Hl7Acknowledgements acks = new Hl7Acknowledgements();
    private final Hl7v2Format format = new Hl7v2Format("", "", "US");

    /** Field n of the first segment named so, split by hand (independent of HAPI); "" when absent. */
    private static String field(String ack, String segment, int n) {
        List<String> segments = Arrays.asList(ack.split("\r"));
        String line = segments.stream().filter(s -> s.startsWith(segment + "|")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + segment + " in " + ack.replace('\r', '\n')));
        String[] fields = line.split("\\|", -1);
        int index = segment.equals("MSH") ? n - 1 : n;
        return index < fields.length ? fields[index] : "";
    }

    private InvalidMessageException errorOf(String raw) {
        try {
            format.parse(raw);
        } catch (InvalidMessageException e) {
            return e;
        }
        throw new AssertionError("expected the format to refuse the message");
    }

    @Test
    void aa_echoes_msh10_and_the_version_and_swaps_sender_and_receiver() {
        String raw = Hl7Samples.read("hl7/19-issue-hapi125-a31-v251-email-linebreak-in-name-malformed.hl7");
        String ack = acks.accept(raw);
        assertThat(ack.split("\r")).hasSize(2);
        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        assertThat(field(ack, "MSA", 2)).isEqualTo("4z16039498");
        assertThat(field(ack, "MSH", 12)).isEqualTo("2.5.1");
        assertThat(field(ack, "MSH", 9)).isEqualTo("ACK^A31^ACK");
        assertThat(field(ack, "MSH", 3)).isEqualTo("INFOTAINMENT");
        assertThat(field(ack, "MSH", 5)).isEqualTo("TEST");
        assertThat(field(ack, "MSH", 6)).isEqualTo("TEST");
        assertThat(field(ack, "MSH", 10)).isNotBlank().isNotEqualTo("4z16039498");
    }

    @Test
    void the_ack_is_in_the_inbound_version() {
        assertThat(field(acks.accept(Hl7Samples.read("hl7/08-hapi-a04-v23-t-escape.hl7")), "MSH", 12)).isEqualTo("2.3");
        assertThat(field(acks.accept(Hl7Samples.read("hl7/03-hl7dotnetcore-a01-v231-e-escape-mojibake.hl7")), "MSH", 12))
                .isEqualTo("2.3.1");
        String ack24 = acks.accept(Hl7Samples.read("hl7/21-hapi-a31-v24-invalid-evn-date-malformed.hl7"));
        assertThat(field(ack24, "MSH", 12)).isEqualTo("2.4");
        assertThat(field(ack24, "MSH", 11)).as("processing id echoed (HAPI copies PT.1 only)").isEqualTo("P");
        assertThat(field(ack24, "MSA", 2)).isEqualTo("75535037-1237815294895");
    }

    @Test
    void ae_for_invalid_content_carries_the_reason_in_msa3_and_err() {
        String raw = Hl7Samples.read("hl7/21-hapi-a31-v24-invalid-evn-date-malformed.hl7").replace("|29^^CAISI_1-2^PI~", "|^^CAISI_1-2^PI~");
        InvalidMessageException error = errorOf(raw);
        assertThat(error.getErrorCode()).isEqualTo("validation_failed");
        String ack = acks.reject(raw, error);
        assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(field(ack, "MSA", 2)).isEqualTo("75535037-1237815294895");
        assertThat(field(ack, "MSA", 3)).isEqualTo("PID-3 (patient identifier list) has no identifier");
        assertThat(field(ack, "MSH", 12)).isEqualTo("2.4");
        // 2.5 and later read ERR-3 (table 0357 code); 2.4 and earlier ERR-1.4
        assertThat(field(ack, "ERR", 3)).startsWith("102^Data type error^HL70357");
        assertThat(field(ack, "ERR", 1)).isEqualTo("^^^102&PID-3 (patient identifier list) has no identifier&HL70357");
        assertThat(ack).doesNotContain("19770202").doesNotContain("Leticia");
    }

    @Test
    void msa3_is_cut_to_80_characters_and_err_keeps_the_whole_reason() {
        String raw = "MSH|^~\\&|A|B|C|D|20240101||ADT^A40|X-1|P|2.5.1\rPID|1||\"\"||Doe^Jane||1961|F\rMRG|^^^XYZ\r";
        InvalidMessageException error = errorOf(raw);
        String reason = "PID-3 (patient identifier list) has no identifier; MRG-1 (prior patient identifier list) has no identifier";
        assertThat(error.getErrorMessage()).isEqualTo(reason);
        String ack = acks.reject(raw, error);
        assertThat(field(ack, "MSA", 3)).hasSize(80).isEqualTo(reason.substring(0, 77) + "...");
        assertThat(field(ack, "ERR", 3)).endsWith("^" + reason);
    }

    @Test
    void ae_for_a_patient_the_validator_refuses() {
        // sample 01 without its family name: no e-mail is fine (D45), a missing name is not
        String raw = Hl7Samples.read("hl7/01-hapi-a01-v25-zfa-zsegment.hl7").replace("|Williams^Rory^H^^^^A|", "|^Rory^H^^^^A|");
        InvalidMessageException error;
        try {
            new PatientValidator().validate(format.parse(raw));
            throw new AssertionError("sample 01 has no family name");
        } catch (InvalidMessageException e) {
            error = e;
        }
        String ack = acks.reject(raw, error);
        assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(field(ack, "MSA", 2)).isEqualTo("9c906177-dfca-4bbe-9abd-d8eb43df93a0");
        assertThat(field(ack, "MSA", 3)).isEqualTo("patient.lastName is required");
        assertThat(field(ack, "ERR", 3)).startsWith("101^Required field missing");
        assertThat(field(ack, "MSH", 12)).isEqualTo("2.5");
        assertThat(field(ack, "ERR", 1)).as("2.5: ERR-1 left empty").isEmpty();
    }

    @Test
    void ar_for_an_unsupported_event_or_message_type() {
        String a03 = Hl7Samples.read("hl7/23-hapi-a03-v25-it-repeating-pid3.hl7");
        String ack = acks.reject(a03, errorOf(a03));
        assertThat(field(ack, "MSA", 1)).isEqualTo("AR");
        assertThat(field(ack, "MSA", 2)).isEqualTo("263206");
        // '^' in the text goes out escaped
        assertThat(field(ack, "MSA", 3)).startsWith(
                "HL7 ADT\\S\\A03 is not supported; the bridge reads ADT A01, A04, A08, A28, A31").endsWith("...");
        assertThat(field(ack, "ERR", 3)).startsWith("201^Unsupported event code");

        String a39 = Hl7Samples.read("hl7/26-lfh-a40-v26-mrg.hl7").replace("ADT^A40^ADT_A39", "ADT^A39^ADT_A39").replace("EVN|A40", "EVN|A39");
        String ack39 = acks.reject(a39, errorOf(a39));
        assertThat(field(ack39, "MSA", 1)).isEqualTo("AR");
        assertThat(field(ack39, "MSH", 12)).isEqualTo("2.6");
        assertThat(field(ack39, "MSA", 2)).isEqualTo("00000003");

        String oru = "MSH|^~\\&|LAB|X|EHR|Y|20240101||ORU^R01|L-7|P|2.3\rPID|1||5\rOBR|1\r";
        String ackOru = acks.reject(oru, errorOf(oru));
        assertThat(field(ackOru, "MSA", 1)).isEqualTo("AR");
        assertThat(field(ackOru, "ERR", 3)).startsWith("200^Unsupported message type");
    }

    @Test
    void ar_for_unparseable_messages_echoing_what_the_msh_still_tells() {
        String runTogether = Hl7Samples.read("hl7/13-issue-nhapi52-a04-v22-no-segment-separators-malformed.hl7");
        String ack = acks.reject(runTogether, errorOf(runTogether));
        assertThat(field(ack, "MSA", 1)).isEqualTo("AR");
        assertThat(field(ack, "MSA", 2)).isEqualTo("36927017");
        assertThat(field(ack, "MSH", 12)).isEqualTo("2.2");
        assertThat(field(ack, "MSA", 3)).startsWith("the message has no PID segment");
        assertThat(field(ack, "ERR", 1)).startsWith("^^^100&");

        String unknownVersion = "MSH|^~\\&|A|B|C|D|20240101||ADT^A04|V-9|P|9.9\rPID|1||5||Doe^Jane\r";
        String ack99 = acks.reject(unknownVersion, errorOf(unknownVersion));
        assertThat(field(ack99, "MSA", 1)).isEqualTo("AR");
        assertThat(field(ack99, "MSA", 2)).isEqualTo("V-9");
        assertThat(field(ack99, "MSH", 12)).as("a version HAPI knows").isEqualTo("2.5.1");
        assertThat(field(ack99, "MSH", 5)).isEqualTo("A");
        assertThat(field(ack99, "ERR", 3)).startsWith("203^Unsupported version id");

        String garbage = "hello, this is Jane Doe";
        String ackGarbage = acks.reject(garbage, errorOf(garbage));
        assertThat(field(ackGarbage, "MSA", 1)).isEqualTo("AR");
        assertThat(field(ackGarbage, "MSA", 2)).isEmpty();
        assertThat(field(ackGarbage, "MSH", 12)).isEqualTo("2.5.1");
        assertThat(field(ackGarbage, "MSA", 3)).isEqualTo("the message does not start with an MSH segment");
        assertThat(ackGarbage).doesNotContain("Jane");
    }

    @Test
    void code_for_an_error() {
        assertThat(Hl7Acknowledgements.codeFor(new InvalidMessageException("validation_failed", "x")).name()).isEqualTo("AE");
        assertThat(Hl7Acknowledgements.codeFor(new InvalidMessageException("user_required", "x")).name()).isEqualTo("AE");
        assertThat(Hl7Acknowledgements.codeFor(new InvalidMessageException("unparseable", "x")).name()).isEqualTo("AR");
        assertThat(Hl7Acknowledgements.codeFor(new InvalidMessageException("unsupported_event", "x")).name()).isEqualTo("AR");
    }

    @Test
    void original_mode_always_asks_for_an_ack() {
        String raw = Hl7Samples.read("hl7/01-hapi-a01-v25-zfa-zsegment.hl7"); // MSH-15 and MSH-16 absent
        assertThat(acks.ackRequested(raw)).isTrue();
        assertThat(acks.ackRequested(raw, true)).isTrue();
        assertThat(acks.ackRequested(raw, false)).isTrue();
        assertThat(acks.ackRequested("not HL7 at all")).isTrue();
    }

    @Test
    void enhanced_mode_follows_msh15_and_msh16() {
        String al = Hl7Samples.read("hl7/14-hapi-a08-v23-au-null-values.hl7"); // AL / AL
        assertThat(acks.ackRequested(al)).isTrue();
        assertThat(acks.ackRequested(al, false)).isTrue();
        String alNe = Hl7Samples.read("hl7/13-issue-nhapi52-a04-v22-no-segment-separators-malformed.hl7"); // AL / NE
        assertThat(acks.ackRequested(alNe)).isTrue();
        assertThat(acks.ackRequested(alNe, true)).isTrue();

        String base = "MSH|^~\\&|A|B|C|D|20240101||ADT^A04|X|P|2.5|||%s|%s\rPID|1||5\r";
        String ne = base.formatted("NE", "NE");
        assertThat(acks.ackRequested(ne)).isFalse();
        assertThat(acks.ackRequested(ne, true)).isFalse();
        assertThat(acks.ackRequested(ne, false)).isFalse();
        String er = base.formatted("NE", "ER");
        assertThat(acks.ackRequested(er)).isFalse();
        assertThat(acks.ackRequested(er, true)).isFalse();
        assertThat(acks.ackRequested(er, false)).isTrue();
        String su = base.formatted("SU", "");
        assertThat(acks.ackRequested(su)).isFalse();
        assertThat(acks.ackRequested(su, true)).isTrue();
        assertThat(acks.ackRequested(su, false)).isFalse();
        String unknown = base.formatted("", "XX");
        assertThat(acks.ackRequested(unknown, true)).as("an unknown value counts as AL").isTrue();
        String blanks = base.formatted("\"\"", "");
        assertThat(acks.ackRequested(blanks, true)).as("explicit null in both: original mode").isTrue();
    }
}
