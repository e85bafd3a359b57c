package io.fullscriptbridge.ehr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The e-mail check: what no mail server takes is refused, and no input can make the check slow. */
class PatientValidatorTest {

    private final PatientValidator validator = new PatientValidator();

    @Test
    void aHundredKilobyteAddressIsRefusedAsTooLongAndFast() {
        // the shape that made the old regex backtrack: a long domain without a dot
        String hostile = "a@" + "a".repeat(100_000);

        long started = System.nanoTime();
        // preemptive: a regression fails here after 2 s instead of hanging the build
        InvalidMessageException refused = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> catchThrowableOfType(InvalidMessageException.class, () -> validator.validate(upsert(hostile))));
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(refused).isNotNull();
        assertThat(refused.getErrors()).contains("patient.email is too long");
        assertThat(millis).as("generous bound; the old regex backtracked for seconds").isLessThan(200);
    }

    @Test
    void ordinaryAddressesPassAndBrokenOnesAreRefused() {
        assertThatCode(() -> validator.validate(upsert("ada@example.com"))).doesNotThrowAnyException();
        assertThatCode(() -> validator.validate(upsert("ada.lovelace+fs@mail.example.co.uk"))).doesNotThrowAnyException();
        String longest = "a".repeat(64) + "@" + "b".repeat(185) + ".com";
        assertThat(longest).hasSize(254);
        assertThatCode(() -> validator.validate(upsert(longest))).doesNotThrowAnyException();
        assertThat(catchThrowableOfType(InvalidMessageException.class, () -> validator.validate(upsert("a" + longest))).getErrors())
                .contains("patient.email is too long");
        for (String bad : new String[] {"ada", "ada@", "@example.com", "ada@example", "ada@example.", "ada@.com", "a da@example.com",
                "ada@exa mple.com", "ada@@example.com", "ada@b@example.com", "ada@example.com\n", "a".repeat(64) + "@" + "b".repeat(189)}) {
            assertThat(catchThrowableOfType(InvalidMessageException.class, () -> validator.validate(upsert(bad))))
                    .as(bad).isNotNull();
        }
    }

    private static PatientMessage upsert(String email) {
        return new PatientMessage(MessageType.PATIENT_UPSERT,
                new PatientDemographics("MRN-1", "Ada", "Lovelace", email, null, null, null), null);
    }
}
