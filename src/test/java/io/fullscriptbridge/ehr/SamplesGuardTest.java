package io.fullscriptbridge.ehr;

import static org.assertj.core.api.Assertions.assertThat;

import io.fullscriptbridge.common.InvalidMessageException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import io.fullscriptbridge.ehr.fhir.FhirPatientFormat;
import io.fullscriptbridge.ehr.hl7.Hl7v2Format;
import org.junit.jupiter.api.Test;

/**
 * Every real-world sample under src/test/resources/samples has an asserted outcome here: a new file in those folders
 * fails this test until someone writes down what the bridge must make of it. The per-sample tests (Hl7v2FormatSamplesTest,
 * FhirPatientFormatTest) check the fields; this table checks the verdict with the default settings (any identifier,
 * region US) through the format and the validator, as the inbound route applies them.
 */
class SamplesGuardTest {

    /** Not samples: the folder's documentation and git attributes. */
    static final List<String> NOT_SAMPLES = List.of("SOURCES.md", ".gitattributes");

    private static final String UNSUPPORTED = "rejected unsupported_event: HL7 ADT^";
    private static final String READS = " is not supported; the bridge reads ADT A01, A04, A08, A28, A31 and A40";

    /** Sample path → "accepted <ehrPatientId>" or "rejected <errorCode>: <reasons>". */
    static final Map<String, String> EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry("fhir/01-r4spec-patient-example.json", "accepted 12345"),
            Map.entry("fhir/02-r4spec-patient-example-b-gender-other.json", "accepted 123456"),
            Map.entry("fhir/03-r4spec-patient-f001-email.json", "accepted 738472983"),
            Map.entry("fhir/05-r4spec-patient-examples-general-bundle.json", "rejected ambiguous_bundle: the Bundle holds 12 Patient resources; send one patient per message"),
            Map.entry("fhir/06-bluebutton-patient-gender-unknown.json", "accepted 20140000008325"),
            Map.entry("hl7/01-hapi-a01-v25-zfa-zsegment.hl7", "accepted 397979797"),
            Map.entry("hl7/03-hl7dotnetcore-a01-v231-e-escape-mojibake.hl7", "accepted PATID1234"),
            Map.entry("hl7/04-lfh-a01-v23-empty-msh-fields-malformed.hl7", "accepted 000010016"),
            Map.entry("hl7/07-nodengine-a04-v25-epic-no-evn.hl7", "accepted 454721"),
            Map.entry("hl7/08-hapi-a04-v23-t-escape.hl7", "accepted 123456789"),
            Map.entry("hl7/10-fhirconverter-a04-v251-bom-minimal.hl7", "accepted MRN12345"),
            Map.entry("hl7/13-issue-nhapi52-a04-v22-no-segment-separators-malformed.hl7", "rejected unparseable: the message has no PID segment: its segments are run together without segment separators"),
            Map.entry("hl7/14-hapi-a08-v23-au-null-values.hl7", "accepted 708010"),
            Map.entry("hl7/18-hl7dotnetcore-a28-v25-f-escape-null-email.hl7", "accepted 704251200"),
            Map.entry("hl7/19-issue-hapi125-a31-v251-email-linebreak-in-name-malformed.hl7", "accepted 0000"),
            Map.entry("hl7/21-hapi-a31-v24-invalid-evn-date-malformed.hl7", "accepted 29"),
            Map.entry("hl7/23-hapi-a03-v25-it-repeating-pid3.hl7", UNSUPPORTED + "A03" + READS),
            Map.entry("hl7/26-lfh-a40-v26-mrg.hl7", "accepted MR1")));

    private static final Hl7v2Format HL7 = new Hl7v2Format("", "", "US");
    private static final FhirPatientFormat FHIR = new FhirPatientFormat(FhirContext.forR4(), "", "US");
    private final PatientValidator validator = new PatientValidator();

    @Test
    void everySampleFileHasAnAssertedOutcome() throws Exception {
        List<String> files = sampleFiles();
        assertThat(files).as("the samples folder is where this test looks").isNotEmpty();
        assertThat(files).as("sample files without an expected outcome in SamplesGuardTest.EXPECTED")
                .allMatch(EXPECTED::containsKey);
        assertThat(EXPECTED.keySet()).as("expected outcomes for files that are gone").allMatch(files::contains);
    }

    @Test
    void everySampleHasItsExpectedOutcome() throws Exception {
        Map<String, String> actual = new TreeMap<>();
        for (String file : sampleFiles()) {
            actual.put(file, outcome(file));
        }
        assertThat(actual).isEqualTo(EXPECTED);
    }

    private String outcome(String file) throws IOException, URISyntaxException {
        String raw = Files.readString(samplesRoot().resolve(file), StandardCharsets.UTF_8);
        InboundFormat format = file.startsWith("hl7/") ? HL7 : FHIR;
        assertThat(format.accepts(null, raw)).as("%s is recognised by sniffing", file).isTrue();
        try {
            PatientMessage message = format.parse(raw);
            validator.validate(message);
            return "accepted " + message.ehrPatientId();
        } catch (InvalidMessageException e) {
            return "rejected " + e.getMessage();
        }
    }

    static List<String> sampleFiles() throws IOException, URISyntaxException {
        Path root = samplesRoot();
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(name -> !NOT_SAMPLES.contains(name))
                    .sorted().toList();
        }
    }

    /** The source folder itself (Maven runs tests in the project directory), so a stale copy in target/ cannot hide a file. */
    private static Path samplesRoot() throws URISyntaxException {
        Path source = Path.of("src/test/resources/samples");
        return Files.isDirectory(source) ? source : Path.of(SamplesGuardTest.class.getResource("/samples").toURI());
    }
}
