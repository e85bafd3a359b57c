package io.fullscriptbridge.ehr.hl7;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.datatype.XPN;
import ca.uhn.hl7v2.model.v251.datatype.XTN;
import ca.uhn.hl7v2.model.v251.segment.MRG;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.util.Terser;
import io.fullscriptbridge.ehr.FieldWarning;
import io.fullscriptbridge.ehr.InboundFormat;
import io.fullscriptbridge.common.InvalidMessageException;
import io.fullscriptbridge.ehr.MessageType;
import io.fullscriptbridge.ehr.PatientDemographics;
import io.fullscriptbridge.ehr.PatientMessage;
import io.fullscriptbridge.ehr.PhoneNumbers;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * HL7 v2 ADT (ER7 encoding) A01, A04, A08, A28 and A31 as patient.upsert, A40 as patient.merge (MRG-1, chosen like
 * PID-3, is the prior id). Versions 2.2 to 2.6 are read into HAPI's
 * 2.5.1 model without validation; the fields the bridge uses are checked here. Mapping (docs/decisions.md D9):
 * <ul>
 *   <li>id: PID-3, the first repetition with an id (CX-1) whose assigning authority (CX-4, namespace or universal
 *       id) equals {@code bridge.inbound.hl7.patient-id-authority} and whose type (CX-5) equals
 *       {@code bridge.inbound.hl7.patient-id-type}; an empty setting matches anything</li>
 *   <li>names: the first PID-5 repetition with a family name; XPN-1 last, XPN-2 first</li>
 *   <li>dateOfBirth: the date part of PID-7; an unreadable one is left out with a warning</li>
 *   <li>gender: PID-8 M/F (or the words) to male/female; O, A, N, X and other/ambiguous to x; U/unknown left out (as FHIR's unknown);
 *       anything else is left out</li>
 *   <li>email and mobile: PID-13 repetitions, PID-14 as a fallback (see {@link #email} and {@link #mobile})</li>
 *   <li>sourceMessageId: MSH-10</li>
 * </ul>
 * HL7's explicit null {@code ""} counts as empty everywhere.
 */
@Component
@Order(5)
public class Hl7v2Format implements InboundFormat {

    static final Set<String> SUPPORTED_EVENTS = Set.of("A01", "A04", "A08", "A28", "A31", "A40");
    static final String MERGE_EVENT = "A40";

    private static final Pattern HL7_DATE = Pattern.compile(
            "(\\d{4})(\\d{2})(\\d{2})(\\d{2}(\\d{2}(\\d{2}(\\.\\d{1,4})?)?)?)?([+-]\\d{4})?");
    /** Fullscript's third value; "unknown" (U) is not a sex and is left out, as FHIR's "unknown" is. */
    private static final Set<String> GENDER_X = Set.of("O", "A", "N", "X", "OTHER", "AMBIGUOUS", "NOT APPLICABLE");
    /** Left out without a warning: the sender said it does not know. */
    private static final Set<String> UNKNOWN_SEX = Set.of("U", "UNKNOWN");

    private final String idAuthority;
    private final String idType;
    private final String defaultPhoneRegion;

    /**
     * @param idAuthority        PID-3 assigning authority (CX-4.1 or CX-4.2) of the EHR's patient id; empty for any
     * @param idType             PID-3 identifier type code (CX-5), e.g. MR; empty for any
     * @param defaultPhoneRegion ISO country of phone numbers written without a country code
     */
    public Hl7v2Format(@Value("${bridge.inbound.hl7.patient-id-authority:}") String idAuthority,
                       @Value("${bridge.inbound.hl7.patient-id-type:}") String idType,
                       @Value("${bridge.inbound.default-phone-region:US}") String defaultPhoneRegion) {
        this.idAuthority = idAuthority == null ? "" : idAuthority.strip();
        this.idType = idType == null ? "" : idType.strip();
        this.defaultPhoneRegion = defaultPhoneRegion;
    }

    @Override
    public String name() {
        return "hl7v2";
    }

    /** Content type x-application/hl7-v2+er7, application/hl7-v2 (any naming HL7), or a body starting with MSH. */
    @Override
    public boolean accepts(String contentType, String body) {
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("hl7")) {
            return true;
        }
        if (body == null) {
            return false;
        }
        int i = 0;
        while (i < body.length() && (body.charAt(i) == '\uFEFF' || body.charAt(i) == '\u000B'
                || Character.isWhitespace(body.charAt(i)))) {
            i++;
        }
        return body.startsWith("MSH", i);
    }

    @Override
    public PatientMessage parse(String body) {
        String text = Hl7Text.normalise(body);
        Hl7Text.RawMsh msh = Hl7Text.readMsh(text);
        requireSupportedEvent(msh);
        text = msh.withTriggerEventInMsh9(msh.triggerEvent());
        Message message = parseWithHapi(text, msh);
        PID pid = pid(message, text);

        List<String> errors = new ArrayList<>();
        List<FieldWarning> warnings = new ArrayList<>();
        String id = patientId(pid.getPatientIdentifierList(), "PID-3 (patient identifier list)", errors, false);
        boolean merge = MERGE_EVENT.equals(msh.triggerEvent());
        String priorId = merge ? patientId(mrg(message).getPriorPatientIdentifierList(), "MRG-1 (prior patient identifier list)", errors, true) : null;
        XPN name = name(pid);
        String lastName = name == null ? null : collapse(clean(name.getFamilyName().getSurname().getValue()));
        String firstName = name == null ? null : collapse(clean(name.getGivenName().getValue()));
        LocalDate dateOfBirth = dateOfBirth(clean(pid.getDateTimeOfBirth().getTime().getValue()), warnings);
        String sex = clean(pid.getAdministrativeSex().getValue());
        String gender = gender(sex);
        if (sex != null && gender == null && !UNKNOWN_SEX.contains(sex.toUpperCase(Locale.ROOT))) {
            warnings.add(new FieldWarning("gender", "unknown_code"));
        }
        String email = email(pid);
        String mobile = mobile(pid, warnings);
        if (!errors.isEmpty()) {
            throw new InvalidMessageException("validation_failed", errors);
        }
        String messageControlId = clean(messageControlId(message));
        return new PatientMessage(merge ? MessageType.PATIENT_MERGE : MessageType.PATIENT_UPSERT,
                new PatientDemographics(id, firstName, lastName, email, dateOfBirth, gender, mobile), null,
                messageControlId, warnings, priorId);
    }

    /** The A39/A40 MRG segment (HAPI's typed 2.5.1 one); a merge without it cannot be used. */
    private static MRG mrg(Message message) {
        Segment segment;
        try {
            segment = new Terser(message).getSegment("/.MRG");
        } catch (HL7Exception e) {
            segment = null;
        }
        boolean empty;
        try {
            empty = !(segment instanceof MRG) || segment.isEmpty();
        } catch (HL7Exception e) {
            empty = true;
        }
        if (empty) {
            throw new InvalidMessageException("validation_failed", "ADT A40 has no MRG segment (the prior patient id)");
        }
        return (MRG) segment;
    }

    private static void requireSupportedEvent(Hl7Text.RawMsh msh) {
        String type = msh.messageType();
        String event = msh.triggerEvent();
        if (!"ADT".equals(type) || !SUPPORTED_EVENTS.contains(event)) {
            String named = type.isEmpty() ? "(no message type)" : event.isEmpty() ? type + " with no trigger event"
                    : type + "^" + event;
            throw new InvalidMessageException("unsupported_event", "HL7 " + named
                    + " is not supported; the bridge reads ADT A01, A04, A08, A28, A31 and A40");
        }
    }

    private Message parseWithHapi(String text, Hl7Text.RawMsh msh) {
        try {
            return Hl7Text.pipeParser().parse(text);
        } catch (HL7Exception | RuntimeException e) {
            // HAPI's own messages may quote the message: never passed on
            if (ca.uhn.hl7v2.Version.versionOf(msh.version()) == null) {
                throw new InvalidMessageException("unparseable",
                        "MSH-12 (version) does not name an HL7 v2 version");
            }
            throw new InvalidMessageException("unparseable", "the message is not readable HL7 v2 ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** The first PID (HAPI builds a typed 2.5.1 PID even inside a generic message of an unknown structure). */
    private PID pid(Message message, String text) {
        Segment segment;
        try {
            segment = new Terser(message).getSegment("/.PID");
        } catch (HL7Exception e) {
            segment = null;
        }
        if (segment != null && !(segment instanceof PID)) {
            throw new InvalidMessageException("unparseable", "the PID segment could not be read");
        }
        boolean empty;
        try {
            empty = segment == null || segment.isEmpty();
        } catch (HL7Exception e) {
            empty = true;
        }
        if (empty) {
            List<String> segments = Hl7Text.segments(text);
            boolean runTogether = segments.size() == 1 && segments.get(0).contains(segments.get(0).charAt(3) + "PID"
                    + segments.get(0).charAt(3));
            throw new InvalidMessageException("unparseable", runTogether
                    ? "the message has no PID segment: its segments are run together without segment separators"
                    : "the message has no PID segment");
        }
        return (PID) segment;
    }

    private static String messageControlId(Message message) {
        try {
            return new Terser(message).get("/MSH-10");
        } catch (HL7Exception e) {
            return null;
        }
    }

    /**
     * @param untypedAllowed MRG-1: senders often leave CX-5 empty there (sample 26); a repetition of the configured
     *                       authority without any type code is taken when none carries the configured type
     */
    private String patientId(CX[] identifiers, String fieldName, List<String> errors, boolean untypedAllowed) {
        String untyped = null;
        for (CX cx : identifiers) {
            String id = clean(cx.getIDNumber().getValue());
            if (id == null) {
                continue;
            }
            if (!idAuthority.isEmpty()
                    && !idAuthority.equalsIgnoreCase(nullToEmpty(clean(cx.getAssigningAuthority().getNamespaceID().getValue())))
                    && !idAuthority.equalsIgnoreCase(nullToEmpty(clean(cx.getAssigningAuthority().getUniversalID().getValue())))) {
                continue;
            }
            String type = clean(cx.getIdentifierTypeCode().getValue());
            if (!idType.isEmpty() && !idType.equalsIgnoreCase(nullToEmpty(type))) {
                if (untypedAllowed && type == null && untyped == null) {
                    untyped = id;
                }
                continue;
            }
            return id;
        }
        if (untyped != null) {
            return untyped;
        }
        StringBuilder error = new StringBuilder(fieldName + " has no identifier");
        if (!idAuthority.isEmpty()) {
            error.append(" from assigning authority ").append(idAuthority);
        }
        if (!idType.isEmpty()) {
            error.append(idAuthority.isEmpty() ? " of type " : " and type ").append(idType);
        }
        errors.add(error.toString());
        return null;
    }

    /** The first PID-5 repetition with a family name; without one, the first with a given name. */
    private static XPN name(PID pid) {
        XPN[] names = pid.getPatientName();
        for (XPN name : names) {
            if (clean(name.getFamilyName().getSurname().getValue()) != null) {
                return name;
            }
        }
        for (XPN name : names) {
            if (clean(name.getGivenName().getValue()) != null) {
                return name;
            }
        }
        return null;
    }

    /** The date part of a TS/DTM (YYYYMMDD[HH[MM[SS[.S]]]][+/-ZZZZ]); the time and zone are ignored. */
    static LocalDate dateOfBirth(String value, List<FieldWarning> warnings) {
        if (value == null) {
            return null;
        }
        Matcher m = HL7_DATE.matcher(value);
        if (!m.matches()) {
            warnings.add(new FieldWarning("dateOfBirth", value.matches("\\d{4}(\\d{2})?") ? "not_a_full_date" : "not_a_date"));
            return null;
        }
        try {
            return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (DateTimeException e) {
            warnings.add(new FieldWarning("dateOfBirth", "not_a_date"));
            return null;
        }
    }

    /** PID-8 (table 0001, or the words some senders write) to Fullscript's male, female or x; else null. */
    static String gender(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip().toUpperCase(Locale.ROOT);
        if (v.equals("M") || v.equals("MALE")) {
            return "male";
        }
        if (v.equals("F") || v.equals("FEMALE")) {
            return "female";
        }
        return GENDER_X.contains(v) ? "x" : null;
    }

    /**
     * The first PID-13 (home) repetition that is an e-mail address: XTN-4 when XTN-2 is NET or XTN-3 is Internet
     * or X.400, or XTN-4 holds an '@'; for old senders, XTN-1 holding an '@'. Without one, the same in PID-14
     * (business): some senders put all their telecoms there (sample 19).
     */
    private static String email(PID pid) {
        for (XTN[] field : List.of(pid.getPhoneNumberHome(), pid.getPhoneNumberBusiness())) {
            for (XTN xtn : field) {
                String address = emailOf(xtn);
                if (address != null) {
                    return address;
                }
            }
        }
        return null;
    }

    private static String emailOf(XTN xtn) {
        String use = upper(clean(xtn.getTelecommunicationUseCode().getValue()));
        String equipment = upper(clean(xtn.getTelecommunicationEquipmentType().getValue()));
        String address = clean(xtn.getEmailAddress().getValue());
        if (address != null && ("NET".equals(use) || "INTERNET".equals(equipment) || "X.400".equals(equipment)
                || address.contains("@"))) {
            return address;
        }
        String text = clean(xtn.getTelephoneNumber().getValue());
        return text != null && text.contains("@") ? text : null;
    }

    /**
     * The mobile: PID-13 repetitions that are not e-mail, ranked XTN-3 = CP (cell phone) first, then XTN-2 = PRN
     * (primary residence), ORN (other residence), then untyped ones (neither XTN-2 nor XTN-3: a bare home number,
     * as 2.3 senders write them); other use codes (WPN, EMR, BPN…), other equipment (FX, BP…) and unknown codes
     * are not used. Without any, a PID-14 (business) repetition marked CP. The first in that order whose number is
     * a valid phone number wins; the others are dropped without error.
     */
    private String mobile(PID pid, List<FieldWarning> warnings) {
        String mobile = mobile(pid);
        if (mobile == null && hasPhoneCandidate(pid)) {
            warnings.add(new FieldWarning("mobile", "not_a_phone_number"));
        }
        return mobile;
    }

    /** Some repetition the mobile rule would have used, had its number been valid. */
    private static boolean hasPhoneCandidate(PID pid) {
        for (XTN xtn : pid.getPhoneNumberHome()) {
            if (mobileRank(xtn) >= 0 && hasNumber(xtn)) {
                return true;
            }
        }
        for (XTN xtn : pid.getPhoneNumberBusiness()) {
            if ("CP".equals(upper(clean(xtn.getTelecommunicationEquipmentType().getValue()))) && emailOf(xtn) == null && hasNumber(xtn)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasNumber(XTN xtn) {
        return clean(xtn.getTelephoneNumber().getValue()) != null || clean(xtn.getLocalNumber().getValue()) != null
                || clean(xtn.getUnformattedTelephoneNumber().getValue()) != null;
    }

    private String mobile(PID pid) {
        List<Candidate> candidates = new ArrayList<>();
        XTN[] home = pid.getPhoneNumberHome();
        for (int i = 0; i < home.length; i++) {
            int rank = mobileRank(home[i]);
            if (rank >= 0) {
                candidates.add(new Candidate(rank, i, home[i]));
            }
        }
        candidates.sort(Comparator.comparingInt(Candidate::rank).thenComparingInt(Candidate::position));
        for (Candidate c : candidates) {
            Optional<String> e164 = phone(c.xtn());
            if (e164.isPresent()) {
                return e164.get();
            }
        }
        for (XTN xtn : pid.getPhoneNumberBusiness()) {
            if ("CP".equals(upper(clean(xtn.getTelecommunicationEquipmentType().getValue()))) && emailOf(xtn) == null) {
                Optional<String> e164 = phone(xtn);
                if (e164.isPresent()) {
                    return e164.get();
                }
            }
        }
        return null;
    }

    private record Candidate(int rank, int position, XTN xtn) {
    }

    /** 0 CP, 1 PRN, 2 ORN, 3 untyped, -1 not a mobile candidate. */
    private static int mobileRank(XTN xtn) {
        if (emailOf(xtn) != null) {
            return -1;
        }
        String use = upper(clean(xtn.getTelecommunicationUseCode().getValue()));
        String equipment = upper(clean(xtn.getTelecommunicationEquipmentType().getValue()));
        if ("CP".equals(equipment)) {
            return 0;
        }
        if (equipment != null && !"PH".equals(equipment)) {
            return -1; // fax, beeper, modem, Internet, TDD… or a code outside table 0202
        }
        if ("PRN".equals(use)) {
            return 1;
        }
        if ("ORN".equals(use)) {
            return 2;
        }
        return use == null && equipment == null ? 3 : -1;
    }

    /** XTN-1, else [+XTN-5] XTN-6 XTN-7, else XTN-12; to E.164 only when it is a valid number. */
    private Optional<String> phone(XTN xtn) {
        String text = clean(xtn.getTelephoneNumber().getValue());
        if (text == null) {
            String local = clean(xtn.getLocalNumber().getValue());
            if (local != null) {
                String country = clean(xtn.getCountryCode().getValue());
                String area = clean(xtn.getAreaCityCode().getValue());
                text = (country == null ? "" : "+" + country + " ") + (area == null ? "" : area + " ") + local;
            } else {
                text = clean(xtn.getUnformattedTelephoneNumber().getValue());
            }
        }
        return PhoneNumbers.toE164(text, defaultPhoneRegion);
    }

    /** Null for absent, blank and HL7's explicit null {@code ""}; else stripped. */
    static String clean(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        return v.isEmpty() || v.equals("\"\"") ? null : v;
    }

    /** Whitespace runs (including a line break a sender put inside the field) to one space. */
    private static String collapse(String value) {
        return value == null ? null : value.replaceAll("\\s+", " ");
    }

    private static String upper(String value) {
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
