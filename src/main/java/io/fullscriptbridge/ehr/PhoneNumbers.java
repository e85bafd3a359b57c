package io.fullscriptbridge.ehr;

import java.util.Optional;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/** EHR phone numbers in any of their usual spellings to the E.164 form Fullscript takes (+12223334444). */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /**
     * @param raw           as the EHR wrote it, e.g. "(555) 555-0123", "555-555-0123", "+1 555 555 0123"
     * @param defaultRegion ISO country for numbers written without a country code (US, CA)
     * @return the E.164 form, or empty when the text is not a valid number for its country (never guessed)
     */
    public static Optional<String> toE164(String raw, String defaultRegion) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        try {
            var number = UTIL.parse(raw, defaultRegion);
            // valid, not merely "possible": possible turns "555-1212" into +15551212 and a Dutch 06… number into a +1 one
            if (!UTIL.isValidNumber(number)) {
                return Optional.empty();
            }
            return Optional.of(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
