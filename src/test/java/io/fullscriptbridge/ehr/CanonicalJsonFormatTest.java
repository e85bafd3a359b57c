package io.fullscriptbridge.ehr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fullscriptbridge.common.InvalidMessageException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The canonical JSON's types: identity must be text (or an integer id); an optional field that is not text is left out. */
class CanonicalJsonFormatTest {

    private final CanonicalJsonFormat format = new CanonicalJsonFormat(new ObjectMapper(), "US");

    private static String upsert(String id, String lastName, String extra) {
        return "{\"type\":\"patient.upsert\",\"patient\":{\"id\":" + id + ",\"firstName\":\"Ada\",\"lastName\":" + lastName + extra + "}}";
    }

    @Test
    void anArrayObjectOrBooleanIsNoIdentity() {
        for (String bad : new String[] {"[]", "{}", "true", "1.5"}) {
            assertThatThrownBy(() -> format.parse(upsert(bad, "\"Lovelace\"", "")))
                    .isInstanceOf(InvalidMessageException.class)
                    .hasMessageContaining("id must be a string");
        }
        assertThatThrownBy(() -> format.parse(upsert("\"MRN-1\"", "[\"Lovelace\"]", "")))
                .hasMessageContaining("lastName must be a string");
    }

    @Test
    void aNumericMrnIsAnId() {
        assertThat(format.parse(upsert("12345", "\"Lovelace\"", "")).patient().id()).isEqualTo("12345");
    }

    @Test
    void textThatIsNotTextIsRefusedWithoutQuotingIt() {
        for (String bad : new String[] {"\"Love\\ud800lace\"", "\"Love\\u0000lace\"", "\"\\u001b[31mLovelace\""}) {
            assertThatThrownBy(() -> format.parse(upsert("\"MRN-1\"", bad, "")))
                    .isInstanceOf(InvalidMessageException.class)
                    .hasMessageContaining("lastName contains control characters or broken unicode")
                    .hasMessageNotContaining("Love");
        }
        assertThat(format.parse(upsert("\"MRN-1\"", "\"Lovelace \\uD83D\\uDE00\"", "")).patient().lastName())
                .as("a surrogate pair is text").isEqualTo("Lovelace \uD83D\uDE00");
    }

    @Test
    void anOptionalFieldOfTheWrongTypeIsLeftOutWithAWarning() {
        PatientMessage message = format.parse(upsert("\"MRN-1\"", "\"Lovelace\"", ",\"mobile\":2025550143,\"gender\":[\"f\"]"));
        assertThat(message.patient().mobile()).isNull();
        assertThat(message.patient().gender()).isNull();
        assertThat(message.warnings()).containsExactlyInAnyOrder(new FieldWarning("mobile", "not_text"), new FieldWarning("gender", "not_text"));
    }

    @Test
    void jsonNestedBeyondJacksonsLimitIsUnparseableNotACrash() {
        String deep = "{\"type\":\"patient.upsert\",\"patient\":" + "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000) + "}";
        assertThatThrownBy(() -> format.parse(deep)).isInstanceOf(InvalidMessageException.class)
                .satisfies(e -> assertThat(((InvalidMessageException) e).getErrorCode()).isEqualTo("unparseable"));
    }
}
