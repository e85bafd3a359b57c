package io.fullscriptbridge.ehr.hl7;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.idgenerator.UUIDGenerator;
import ca.uhn.hl7v2.validation.impl.NoValidation;
import io.fullscriptbridge.common.InvalidMessageException;

/**
 * The text-level work on an HL7 v2 (ER7, "pipe") message that comes before HAPI sees it, shared by
 * {@link Hl7v2Format} and {@link Hl7Acknowledgements}: segment separators, and a tolerant read of the MSH segment
 * that works even when HAPI cannot parse the message. Messages of the exceptions thrown here name what is wrong,
 * never a value from the message.
 */
final class Hl7Text {

    static final String SEGMENT_SEPARATOR = "\r";

    private static final char BOM = '\uFEFF';
    /** MLLP framing: start block (VT) and end block (FS), in case a transport left them on. */
    private static final char MLLP_START = '\u000B';
    private static final char MLLP_END = '\u001C';

    private Hl7Text() {
    }

    /**
     * The bridge's one HAPI context and its pipe parser (the format and the acknowledgements share them), made on the
     * first HL7 message: the JVM initialises this holder once, thread-safely, and start-up pays nothing for it (D86).
     */
    private static final class Shared {
        static final HapiContext CONTEXT = newHapiContext();
        static final PipeParser PARSER = CONTEXT.getPipeParser();
    }

    static HapiContext hapiContext() {
        return Shared.CONTEXT;
    }

    static PipeParser pipeParser() {
        return Shared.PARSER;
    }

    /**
     * The HAPI context's settings: every version read into the 2.5.1 model, no validation (real-world senders break
     * minor rules all the time; the bridge checks what it uses itself), UUIDs as ACK control ids (HAPI's default
     * writes a counter file into the working directory).
     */
    private static HapiContext newHapiContext() {
        HapiContext context = new DefaultHapiContext();
        context.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
        context.setValidationContext(new NoValidation());
        context.getParserConfiguration().setIdGenerator(new UUIDGenerator());
        return context;
    }

    /**
     * The message with CR between segments and after the last one, which is what HAPI's PipeParser reads.
     * CR, LF and CRLF are all accepted as separators. A line break that is not followed by a segment name and the
     * field separator (e.g. {@code PID|}) is a line break inside a field, as some senders write into names; it is
     * kept as one LF inside that field rather than cutting the segment in two. Empty lines, a leading BOM,
     * leading whitespace and MLLP framing characters are dropped.
     */
    static String normalise(String raw) {
        if (raw == null) {
            return "";
        }
        int start = 0;
        int end = raw.length();
        while (start < end && (raw.charAt(start) == BOM || raw.charAt(start) == MLLP_START
                || Character.isWhitespace(raw.charAt(start)))) {
            start++;
        }
        while (end > start && (raw.charAt(end - 1) == MLLP_END || Character.isWhitespace(raw.charAt(end - 1)))) {
            end--;
        }
        String text = raw.substring(start, end);
        char fieldSeparator = text.startsWith("MSH") && text.length() > 3 ? text.charAt(3) : '|';
        String[] lines = text.split("\r\n|\r|\n", -1);
        StringBuilder out = new StringBuilder(text.length() + 2);
        boolean first = true;
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            if (!first && !startsSegment(line, fieldSeparator)) {
                // a line break inside a field: stays in the field (the segment before it goes on)
                out.setLength(out.length() - 1);
                out.append('\n');
            }
            out.append(line).append(SEGMENT_SEPARATOR);
            first = false;
        }
        return out.toString();
    }

    /** Segment ids are three characters, an upper-case letter then upper-case letters or digits (MSH, PID, ZFA, IN1). */
    static boolean startsSegment(String line, char fieldSeparator) {
        if (line.length() < 3) {
            return false;
        }
        if (!isUpper(line.charAt(0)) || !isUpperOrDigit(line.charAt(1)) || !isUpperOrDigit(line.charAt(2))) {
            return false;
        }
        return line.length() == 3 || line.charAt(3) == fieldSeparator;
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isUpperOrDigit(char c) {
        return isUpper(c) || (c >= '0' && c <= '9');
    }

    static List<String> segments(String normalised) {
        List<String> segments = new ArrayList<>();
        for (String s : normalised.split(SEGMENT_SEPARATOR)) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        return segments;
    }

    /**
     * The MSH segment read by splitting on its own delimiters, without HAPI.
     *
     * @throws InvalidMessageException unparseable, when there is no MSH segment or it is too short to name
     *                                 the message type (MSH-9) and the version (MSH-12)
     */
    static RawMsh readMsh(String normalised) {
        if (!normalised.startsWith("MSH")) {
            throw new InvalidMessageException("unparseable", "the message does not start with an MSH segment");
        }
        RawMsh raw = readMshLeniently(normalised);
        if (raw == null) {
            throw new InvalidMessageException("unparseable",
                    "the MSH segment is truncated (no field separator and encoding characters)");
        }
        if (raw.field(9).isBlank() || raw.field(12).isBlank()) {
            throw new InvalidMessageException("unparseable",
                    "the MSH segment is truncated or incomplete: MSH-9 (message type) and MSH-12 (version) are required");
        }
        return raw;
    }

    /** The MSH segment as far as it goes, or null when the message does not start with a usable one. */
    static RawMsh readMshLeniently(String normalised) {
        if (!normalised.startsWith("MSH")) {
            return null;
        }
        int end = normalised.indexOf(SEGMENT_SEPARATOR);
        String msh = end < 0 ? normalised : normalised.substring(0, end);
        if (msh.length() < 8) {
            return null;
        }
        char fieldSeparator = msh.charAt(3);
        char componentSeparator = msh.charAt(4);
        String[] parts = msh.split(Pattern.quote(String.valueOf(fieldSeparator)), -1);
        // parts[0] = "MSH", parts[1] = MSH-2 (encoding characters), parts[n - 1] = MSH-n
        List<String> fields = new ArrayList<>();
        fields.add("MSH");
        fields.add(String.valueOf(fieldSeparator));
        for (int i = 1; i < parts.length; i++) {
            fields.add(parts[i]);
        }
        return new RawMsh(fields, componentSeparator, normalised);
    }

    /**
     * @param fields index n holds MSH-n (index 1 the field separator, 2 the encoding characters)
     */
    record RawMsh(List<String> fields, char componentSeparator, String message) {

        String field(int n) {
            return n < fields.size() ? fields.get(n) : "";
        }

        /** Component c (1-based) of MSH-n, first repetition. */
        String component(int n, int c) {
            String field = field(n);
            if (fields.size() > 2 && fields.get(2).length() > 1) {
                char repetition = fields.get(2).charAt(1);
                int cut = field.indexOf(repetition);
                if (cut >= 0) {
                    field = field.substring(0, cut);
                }
            }
            String[] components = field.split(Pattern.quote(String.valueOf(componentSeparator)), -1);
            return c <= components.length ? components[c - 1].strip() : "";
        }

        String messageType() {
            return component(9, 1);
        }

        /** MSH-9.2, else EVN-1 (senders of 2.2/2.3 sometimes name the event only there). */
        String triggerEvent() {
            String event = component(9, 2);
            if (!event.isEmpty()) {
                return event;
            }
            for (String segment : segments(message)) {
                if (segment.startsWith("EVN") && segment.length() > 4) {
                    String[] evn = segment.split(Pattern.quote(field(1)), -1);
                    if (evn.length > 1) {
                        return evn[1].strip();
                    }
                }
            }
            return "";
        }

        String version() {
            return component(12, 1);
        }

        /**
         * The message with MSH-9 naming the trigger event, for senders that give it only in EVN-1 (as 2.1 defined
         * MSH-9): HAPI needs it in MSH-9 to pick the message structure.
         */
        String withTriggerEventInMsh9(String event) {
            if (!component(9, 2).isEmpty() || event.isEmpty()) {
                return message;
            }
            String sep = field(1);
            StringBuilder msh = new StringBuilder("MSH");
            for (int n = 2; n < fields.size(); n++) {
                msh.append(sep).append(n == 9 ? messageType() + componentSeparator + event : fields.get(n));
            }
            return msh + message.substring(message.indexOf(SEGMENT_SEPARATOR));
        }

        String messageControlId() {
            return field(10).strip();
        }

        /** MSH-2 as HAPI wants it, or null when it is not four distinct characters. */
        String encodingCharacters() {
            String chars = field(2);
            return chars.length() >= 4 ? chars.substring(0, 4) : null;
        }

        String acceptAckType() {
            return field(15).strip();
        }

        String applicationAckType() {
            return field(16).strip();
        }
    }
}
