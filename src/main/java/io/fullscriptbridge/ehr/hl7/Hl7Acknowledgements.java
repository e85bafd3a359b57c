package io.fullscriptbridge.ehr.hl7;

import java.util.Set;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.Version;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.message.ADT_A01;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.parser.EncodingCharacters;
import ca.uhn.hl7v2.util.Terser;
import io.fullscriptbridge.common.InvalidMessageException;
import org.springframework.stereotype.Component;

/**
 * HL7 v2 acknowledgements for inbound messages, built with HAPI's {@link Message#generateACK}: MSH with sender and
 * receiver swapped, MSH-12 the inbound message's version, MSA-2 its MSH-10.
 * <ul>
 *   <li>AA: accepted</li>
 *   <li>AE (application error): the content is invalid ({@code validation_failed} and any other content error)</li>
 *   <li>AR (application reject): unparseable, or an event or message type the bridge does not read</li>
 * </ul>
 * A rejection carries its reason in MSA-3 (every version; cut to the field's 80 characters), in ERR-3 with the
 * table 0357 code (2.5 and later) and, for versions before 2.5, in ERR-1.4. The reason is the
 * {@link InvalidMessageException}'s text, which names fields, never values.
 * When HAPI cannot parse the inbound message at all, the ACK is built from what its MSH segment holds
 * (version 2.5.1 when even that is unreadable).
 */
@Component
public class Hl7Acknowledgements {

    private static final int MSA_3_LENGTH = 80;
    private static final Set<String> REJECTED = Set.of("unparseable", "unsupported_event", "unsupported_format",
            "empty_body");
    private static final Set<String> ACK_MODES = Set.of("AL", "NE", "ER", "SU");

    /** AA for the raw inbound message. */
    public String accept(String raw) {
        return acknowledge(raw, null);
    }

    /** AE or AR (see {@link #codeFor}) for the raw inbound message, with the error's text. */
    public String reject(String raw, InvalidMessageException error) {
        if (error == null) {
            throw new IllegalArgumentException("a rejection needs its error");
        }
        return acknowledge(raw, error);
    }

    /**
     * @param error null for AA
     * @return the ACK in ER7 encoding, segments separated by CR
     */
    public String acknowledge(String raw, InvalidMessageException error) {
        String text = Hl7Text.normalise(raw);
        Message inbound = inbound(text);
        try {
            Message ack;
            if (error == null) {
                ack = inbound.generateACK();
            } else {
                ErrorCode errorCode = errorCodeFor(error, text);
                String reason = error.getErrorMessage();
                ack = inbound.generateACK(codeFor(error), new HL7Exception(reason, errorCode));
                Terser terser = new Terser(ack);
                terser.set("/MSA-3", reason.length() <= MSA_3_LENGTH ? reason
                        : reason.substring(0, MSA_3_LENGTH - 3) + "...");
                Version version = Version.versionOf(terser.get("/MSH-12"));
                if (version != null && Version.V25.isGreaterThan(version)) {
                    terser.set("/ERR-1-4-1", String.valueOf(errorCode.getCode()));
                    terser.set("/ERR-1-4-2", reason);
                    terser.set("/ERR-1-4-3", "HL70357");
                }
            }
            return ack.encode();
        } catch (HL7Exception | java.io.IOException e) {
            throw new IllegalStateException("could not build an HL7 acknowledgement (" + e.getClass().getSimpleName()
                    + ")", e);
        }
    }

    /** AR for messages that cannot be read or are not supported at all, AE for invalid content. */
    public static AcknowledgmentCode codeFor(InvalidMessageException error) {
        return REJECTED.contains(error.getErrorCode()) ? AcknowledgmentCode.AR : AcknowledgmentCode.AE;
    }

    /**
     * Whether the sender wants an acknowledgement whatever the outcome: in original acknowledgement mode (MSH-15
     * and MSH-16 both empty) always; in enhanced mode when MSH-15 or MSH-16 is AL. When not even the MSH can be
     * read, yes (original mode is the default).
     */
    public boolean ackRequested(String raw) {
        Hl7Text.RawMsh msh = Hl7Text.readMshLeniently(Hl7Text.normalise(raw));
        if (msh == null) {
            return true;
        }
        String accept = mode(msh.acceptAckType());
        String application = mode(msh.applicationAckType());
        if (accept == null && application == null) {
            return true;
        }
        return "AL".equals(accept) || "AL".equals(application);
    }

    /**
     * Whether the sender wants an acknowledgement for this outcome. Original mode: always. Enhanced mode (MSH-15
     * accept, MSH-16 application acknowledgement type, table 0155): AL always, NE never, ER only on error or
     * rejection, SU only on success; an empty field asks for nothing, an unknown value counts as AL. The bridge
     * answers once, so either field asking is enough.
     */
    public boolean ackRequested(String raw, boolean accepted) {
        Hl7Text.RawMsh msh = Hl7Text.readMshLeniently(Hl7Text.normalise(raw));
        if (msh == null) {
            return true;
        }
        String accept = mode(msh.acceptAckType());
        String application = mode(msh.applicationAckType());
        if (accept == null && application == null) {
            return true;
        }
        return wants(accept, accepted) || wants(application, accepted);
    }

    private static String mode(String value) {
        String v = Hl7v2Format.clean(value);
        if (v == null) {
            return null;
        }
        v = v.toUpperCase(java.util.Locale.ROOT);
        return ACK_MODES.contains(v) ? v : "AL";
    }

    private static boolean wants(String mode, boolean accepted) {
        if (mode == null) {
            return false;
        }
        return switch (mode) {
            case "AL" -> true;
            case "SU" -> accepted;
            case "ER" -> !accepted;
            default -> false; // NE
        };
    }

    /** Table 0357: what kind of error, for ERR. */
    private static ErrorCode errorCodeFor(InvalidMessageException error, String text) {
        Hl7Text.RawMsh msh = Hl7Text.readMshLeniently(text);
        return switch (error.getErrorCode()) {
            case "unsupported_event" -> msh != null && !"ADT".equals(msh.messageType())
                    ? ErrorCode.UNSUPPORTED_MESSAGE_TYPE : ErrorCode.UNSUPPORTED_EVENT_CODE;
            case "unparseable", "unsupported_format", "empty_body" ->
                    msh != null && !msh.version().isEmpty() && Version.versionOf(msh.version()) == null
                            ? ErrorCode.UNSUPPORTED_VERSION_ID : ErrorCode.SEGMENT_SEQUENCE_ERROR;
            case "validation_failed" -> error.getErrors().stream().allMatch(e -> e.contains("is required"))
                    ? ErrorCode.REQUIRED_FIELD_MISSING : ErrorCode.DATA_TYPE_ERROR;
            default -> ErrorCode.APPLICATION_INTERNAL_ERROR;
        };
    }

    /** The inbound message as HAPI reads it; failing that, a stand-in holding only its MSH. */
    private Message inbound(String text) {
        try {
            return Hl7Text.pipeParser().parse(text);
        } catch (HL7Exception | RuntimeException e) {
            return standIn(text);
        }
    }

    private Message standIn(String text) {
        ADT_A01 standIn = new ADT_A01(Hl7Text.hapiContext().getModelClassFactory());
        standIn.setParser(Hl7Text.pipeParser());
        MSH msh = standIn.getMSH();
        Hl7Text.RawMsh raw = Hl7Text.readMshLeniently(text);
        try {
            boolean read = false;
            if (raw != null && raw.encodingCharacters() != null) {
                try {
                    String line = text.substring(0, text.indexOf(Hl7Text.SEGMENT_SEPARATOR));
                    Hl7Text.pipeParser().parse(msh, line, new EncodingCharacters(line.charAt(3), raw.encodingCharacters()));
                    read = true;
                } catch (HL7Exception | RuntimeException e) {
                    msh.clear();
                }
            }
            if (!read) {
                msh.getFieldSeparator().setValue("|");
                msh.getEncodingCharacters().setValue("^~\\&");
            }
            if (Version.versionOf(msh.getVersionID().getVersionID().getValue()) == null) {
                msh.getVersionID().getVersionID().setValue("2.5.1");
            }
        } catch (HL7Exception e) {
            throw new IllegalStateException("could not build an HL7 acknowledgement header", e);
        }
        return standIn;
    }
}
