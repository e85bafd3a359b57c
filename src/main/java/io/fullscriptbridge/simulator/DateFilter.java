package io.fullscriptbridge.simulator;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Predicate;

/**
 * Fullscript's date filters ({@code created_at} on the events endpoints, {@code attempted_at} on webhook
 * deliveries), compared on the UTC date of the timestamp:
 * {@code yyyy-mm-dd} (that day), {@code >yyyy-mm-dd} (after that day), {@code <yyyy-mm-dd} (before that day),
 * {@code yyyy-mm-dd..yyyy-mm-dd} (both days included). Anything else is a 422.
 */
final class DateFilter {

    private DateFilter() {
    }

    /**
     * @param value the parameter value ({@code null} or blank = no filter)
     * @param label the parameter's name in the error message, e.g. "Created at"
     */
    static Predicate<LocalDate> parse(String value, String label) {
        if (value == null || value.isBlank()) {
            return date -> true;
        }
        String v = value.trim();
        try {
            if (v.startsWith(">")) {
                LocalDate after = date(v.substring(1));
                return date -> date.isAfter(after);
            }
            if (v.startsWith("<")) {
                LocalDate before = date(v.substring(1));
                return date -> date.isBefore(before);
            }
            int range = v.indexOf("..");
            if (range >= 0) {
                LocalDate from = date(v.substring(0, range));
                LocalDate to = date(v.substring(range + 2));
                return date -> !date.isBefore(from) && !date.isAfter(to);
            }
            LocalDate day = date(v);
            return day::equals;
        } catch (DateTimeParseException e) {
            throw SimulatorApiException.unprocessable(List.of(label + " is invalid"));
        }
    }

    private static LocalDate date(String text) {
        String t = text.trim();
        if (!t.matches("\\d{4}-\\d{2}-\\d{2}")) {
            throw new DateTimeParseException("not yyyy-mm-dd", t, 0);
        }
        return LocalDate.parse(t);
    }
}
