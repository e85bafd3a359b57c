package io.fullscriptbridge.ehr.fhir;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import io.fullscriptbridge.ehr.FieldWarning;
import io.fullscriptbridge.ehr.InboundFormat;
import io.fullscriptbridge.common.InvalidMessageException;
import io.fullscriptbridge.ehr.MessageType;
import io.fullscriptbridge.ehr.PatientDemographics;
import io.fullscriptbridge.ehr.PatientMessage;
import io.fullscriptbridge.ehr.PhoneNumbers;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * A FHIR R4 Patient resource (JSON), alone or as the only Patient in a Bundle, as patient.upsert. Mapping
 * (docs/decisions.md D9):
 * <ul>
 *   <li>id: the first identifier with a value whose system equals {@code bridge.inbound.fhir.patient-id-system}
 *       (empty: the first identifier with a value)</li>
 *   <li>names: the first {@code official} name with a family, else the first name with a family that is not
 *       {@code old} or {@code maiden}, else the first with a family; family → lastName, given[0] → firstName</li>
 *   <li>email: telecom system=email with a value, not old; use=home first</li>
 *   <li>mobile: telecom system=phone or sms with a value, not old; use=mobile (and every sms) first, then the
 *       others; by rank within each; the first that is a valid phone number</li>
 *   <li>dateOfBirth: birthDate, which must be a full date</li>
 *   <li>gender: male/female as is, other → x, unknown → left out</li>
 * </ul>
 */
@Component
@Order(6)
public class FhirPatientFormat implements InboundFormat {


    /** The R4 context, made on the first FHIR message (creating one costs start-up time every other message skips). */
    private final Supplier<FhirContext> fhir;
    private final String idSystem;
    private final String defaultPhoneRegion;

    @Autowired
    public FhirPatientFormat(@Value("${bridge.inbound.fhir.patient-id-system:}") String idSystem,
                             @Value("${bridge.inbound.default-phone-region:US}") String defaultPhoneRegion) {
        this(() -> SharedContext.R4, idSystem, defaultPhoneRegion);
    }

    /** @param fhir an R4 context to share (creating one is expensive) */
    public FhirPatientFormat(FhirContext fhir, String idSystem, String defaultPhoneRegion) {
        this(() -> fhir, idSystem, defaultPhoneRegion);
    }

    private FhirPatientFormat(Supplier<FhirContext> fhir, String idSystem, String defaultPhoneRegion) {
        this.fhir = fhir;
        this.idSystem = idSystem == null ? "" : idSystem.strip();
        this.defaultPhoneRegion = defaultPhoneRegion;
    }

    /** One R4 context per JVM, made on first use (the JVM initialises this holder once, thread-safely; D86). */
    private static final class SharedContext {
        static final FhirContext R4 = FhirContext.forR4();
    }

    @Override
    public String name() {
        return "fhir";
    }

    /** Content type application/fhir+json (or the older application/json+fhir), or a JSON body with a resourceType. */
    @Override
    public boolean accepts(String contentType, String body) {
        if (contentType != null) {
            String type = contentType.toLowerCase(Locale.ROOT);
            if (type.contains("fhir") && type.contains("json")) {
                return true;
            }
        }
        if (body == null) {
            return false;
        }
        String trimmed = stripBom(body).stripLeading();
        return trimmed.startsWith("{") && trimmed.contains("\"resourceType\"");
    }

    @Override
    public PatientMessage parse(String body) {
        IBaseResource resource = read(stripBom(body == null ? "" : body));
        Patient patient = patientOf(resource);

        List<String> errors = new ArrayList<>();
        String id = patientId(patient, errors);
        HumanName name = name(patient);
        String lastName = name == null ? null : collapse(clean(name.getFamily()));
        String firstName = name == null || name.getGiven().isEmpty() ? null
                : collapse(clean(name.getGiven().get(0).getValue()));
        List<FieldWarning> warnings = new ArrayList<>();
        LocalDate dateOfBirth = dateOfBirth(patient, warnings);
        String gender = gender(patient, warnings);
        String email = email(patient);
        String mobile = mobile(patient, warnings);
        if (!errors.isEmpty()) {
            throw new InvalidMessageException("validation_failed", errors);
        }
        return new PatientMessage(MessageType.PATIENT_UPSERT,
                new PatientDemographics(id, firstName, lastName, email, dateOfBirth, gender, mobile), null, null, warnings, null);
    }

    private IBaseResource read(String body) {
        IParser parser = fhir.get().newJsonParser();
        // lenient: unknown elements and invalid values do not stop the parse; no logging (it would quote values)
        LenientErrorHandler lenient = new LenientErrorHandler(false);
        lenient.setErrorOnInvalidValue(false);
        parser.setParserErrorHandler(lenient);
        try {
            return parser.parseResource(body);
        } catch (DataFormatException | IllegalArgumentException e) {
            // HAPI's message may quote the body: never passed on
            throw new InvalidMessageException("unparseable", "the body is not a FHIR R4 resource in JSON");
        }
    }

    private static Patient patientOf(IBaseResource resource) {
        if (resource instanceof Patient patient) {
            return patient;
        }
        if (resource instanceof Bundle bundle) {
            List<Patient> patients = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                    .filter(Patient.class::isInstance).map(Patient.class::cast).toList();
            if (patients.isEmpty()) {
                throw new InvalidMessageException("no_patient", "the Bundle holds no Patient resource");
            }
            if (patients.size() > 1) {
                throw new InvalidMessageException("ambiguous_bundle", "the Bundle holds " + patients.size()
                        + " Patient resources; send one patient per message");
            }
            return patients.get(0);
        }
        String type = resource instanceof Resource r ? r.getResourceType().name() : "this resource";
        throw new InvalidMessageException("unsupported_resource", "FHIR " + type
                + " is not supported; send a Patient, or a Bundle holding one");
    }

    private String patientId(Patient patient, List<String> errors) {
        for (Identifier identifier : patient.getIdentifier()) {
            String value = clean(identifier.getValue());
            if (value == null) {
                continue;
            }
            if (idSystem.isEmpty() || idSystem.equals(clean(identifier.getSystem()))) {
                return value;
            }
        }
        errors.add(idSystem.isEmpty() ? "Patient.identifier has no identifier with a value"
                : "Patient.identifier has no identifier with system " + idSystem);
        return null;
    }

    private static HumanName name(Patient patient) {
        List<HumanName> withFamily = patient.getName().stream().filter(n -> clean(n.getFamily()) != null).toList();
        Optional<HumanName> chosen = withFamily.stream().filter(n -> n.getUse() == HumanName.NameUse.OFFICIAL)
                .findFirst();
        if (chosen.isEmpty()) {
            chosen = withFamily.stream().filter(n -> n.getUse() != HumanName.NameUse.OLD
                    && n.getUse() != HumanName.NameUse.MAIDEN).findFirst();
        }
        if (chosen.isEmpty()) {
            chosen = withFamily.stream().findFirst();
        }
        if (chosen.isEmpty()) {
            chosen = patient.getName().stream().filter(n -> !n.getGiven().isEmpty()).findFirst();
        }
        return chosen.orElse(null);
    }

    private static LocalDate dateOfBirth(Patient patient, List<FieldWarning> errors) {
        DateType birthDate = patient.getBirthDateElement();
        if (birthDate == null || clean(birthDate.getValueAsString()) == null) {
            return null;
        }
        Date value = birthDate.getValue();
        if (value == null) {
            errors.add(new FieldWarning("dateOfBirth", "not_a_date"));
            return null;
        }
        if (birthDate.getPrecision() != TemporalPrecisionEnum.DAY) {
            errors.add(new FieldWarning("dateOfBirth", "not_a_full_date"));
            return null;
        }
        try {
            return LocalDate.parse(birthDate.getValueAsString().strip());
        } catch (DateTimeParseException e) {
            errors.add(new FieldWarning("dateOfBirth", "not_a_date"));
            return null;
        }
    }

    private static String gender(Patient patient, List<FieldWarning> errors) {
        if (patient.getGender() == null) {
            if (clean(patient.getGenderElement().getValueAsString()) != null) {
                errors.add(new FieldWarning("gender", "unknown_code"));
            }
            return null;
        }
        return switch (patient.getGender()) {
            case MALE -> "male";
            case FEMALE -> "female";
            case OTHER -> "x";
            default -> null; // unknown: left out
        };
    }

    private static String email(Patient patient) {
        List<ContactPoint> emails = current(patient, Set.of(ContactPoint.ContactPointSystem.EMAIL));
        return emails.stream().filter(c -> c.getUse() == ContactPoint.ContactPointUse.HOME).findFirst()
                .or(() -> emails.stream().findFirst())
                .map(c -> clean(c.getValue())).orElse(null);
    }

    /** The mobile; when the patient has phone numbers but none is valid, left out with a warning. */
    private String mobile(Patient patient, List<FieldWarning> warnings) {
        List<ContactPoint> ordered = new ArrayList<>(current(patient,
                Set.of(ContactPoint.ContactPointSystem.PHONE, ContactPoint.ContactPointSystem.SMS)));
        Comparator<ContactPoint> byMobileThenRank = Comparator
                .comparingInt((ContactPoint c) -> c.getUse() == ContactPoint.ContactPointUse.MOBILE
                        || c.getSystem() == ContactPoint.ContactPointSystem.SMS ? 0 : 1)
                .thenComparingInt(c -> c.hasRank() ? c.getRank() : Integer.MAX_VALUE);
        ordered.sort(byMobileThenRank);
        for (ContactPoint phone : ordered) {
            Optional<String> e164 = PhoneNumbers.toE164(clean(phone.getValue()), defaultPhoneRegion);
            if (e164.isPresent()) {
                return e164.get();
            }
        }
        if (!ordered.isEmpty()) {
            warnings.add(new FieldWarning("mobile", "not_a_phone_number"));
        }
        return null;
    }

    /** Telecoms of the systems with a value, not marked old and not past their period's end, in document order. */
    private static List<ContactPoint> current(Patient patient, Set<ContactPoint.ContactPointSystem> systems) {
        Date now = new Date();
        return patient.getTelecom().stream()
                .filter(c -> c.getSystem() != null && systems.contains(c.getSystem()))
                .filter(c -> clean(c.getValue()) != null)
                .filter(c -> c.getUse() != ContactPoint.ContactPointUse.OLD)
                .filter(c -> !(c.hasPeriod() && c.getPeriod().hasEnd() && c.getPeriod().getEnd() != null
                        && c.getPeriod().getEnd().before(now)))
                .toList();
    }

    private static String clean(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        return v.isEmpty() ? null : v;
    }

    private static String collapse(String value) {
        return value == null ? null : value.replaceAll("\\s+", " ");
    }

    private static String stripBom(String body) {
        return !body.isEmpty() && body.charAt(0) == '\uFEFF' ? body.substring(1) : body;
    }
}
