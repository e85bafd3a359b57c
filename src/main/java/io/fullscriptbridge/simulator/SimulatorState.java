package io.fullscriptbridge.simulator;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The simulator's clinic data: clinics, practitioners, staff and patients. Thread-safe: every read and write holds
 * one monitor, and what leaves this class are immutable snapshots. Change listeners are called after the change,
 * outside the monitor.
 */
@Component
@ConditionalOnSimulatorEnabled
public class SimulatorState {

    private static final Logger log = LoggerFactory.getLogger(SimulatorState.class);

    /** Deliberately simple: something@something.tld, no spaces. */
    static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    /** Fullscript's documented format {@code +12223334444}: a plus and 10 to 15 digits. */
    static final Pattern MOBILE = Pattern.compile("^\\+\\d{10,15}$");
    static final Set<String> GENDERS = Set.of("male", "female", "x");

    public enum PatientType {
        ALL, DEPENDENT, GUARDIAN,
        /** Search's default when {@code patient_type} is absent: "patients with no dependents". */
        WITHOUT_DEPENDENTS;

        /** @return the type, or empty when the value is not one of all|dependent|guardian */
        static Optional<PatientType> parse(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "all" -> Optional.of(ALL);
                case "dependent" -> Optional.of(DEPENDENT);
                case "guardian" -> Optional.of(GUARDIAN);
                default -> Optional.empty();
            };
        }
    }

    /** One hit of the metadata endpoint. */
    public record MetadataHit(String metadataId, String type, String objectId) {
    }

    private final Object lock = new Object();
    private final Map<String, SimClinic> clinics = new LinkedHashMap<>();
    private final Map<String, SimUser> users = new LinkedHashMap<>();
    /** Insertion order is creation order; replacing a value keeps its position. */
    private final Map<String, SimPatient> patients = new LinkedHashMap<>();
    private final ObjectProvider<SimulatorChangeListener> listeners;
    private final Clock clock = Clock.systemUTC();

    public SimulatorState(ObjectProvider<SimulatorChangeListener> listeners) {
        this.listeners = listeners;
        reset();
    }

    /** Restores the seed data ({@link SimulatorSeed}). */
    public void reset() {
        synchronized (lock) {
            clinics.clear();
            users.clear();
            patients.clear();
            SimulatorSeed.clinics().forEach(c -> clinics.put(c.id(), c));
            SimulatorSeed.users().forEach(u -> users.put(u.id(), u));
            SimulatorSeed.patients().forEach(p -> patients.put(p.id(), p));
        }
    }

    // --- reads ------------------------------------------------------------------------------------------------

    public List<SimClinic> clinics() {
        synchronized (lock) {
            return List.copyOf(clinics.values());
        }
    }

    public Optional<SimClinic> clinic(String clinicId) {
        synchronized (lock) {
            return Optional.ofNullable(clinics.get(clinicId));
        }
    }

    /** All practitioner and staff records (= OAuth memberships), in seed order. */
    public List<SimUser> users() {
        synchronized (lock) {
            return List.copyOf(users.values());
        }
    }

    public Optional<SimUser> user(String userId) {
        synchronized (lock) {
            return Optional.ofNullable(userId == null ? null : users.get(userId));
        }
    }

    public List<SimUser> users(String clinicId, SimUser.Type type) {
        synchronized (lock) {
            return users.values().stream()
                    .filter(u -> u.clinicId().equals(clinicId) && u.type() == type)
                    .toList();
        }
    }

    /** Every patient of every clinic, in creation order. */
    public List<SimPatient> patients() {
        synchronized (lock) {
            return List.copyOf(patients.values());
        }
    }

    /** A clinic's patients in creation order. */
    public List<SimPatient> patients(String clinicId) {
        return patients(clinicId, PatientType.ALL);
    }

    public List<SimPatient> patients(String clinicId, PatientType type) {
        return findPatients(clinicId, type, p -> true);
    }

    /** A patient by id, whatever its clinic (for tests and admin; the API goes through {@link #patient(String, String)}). */
    public Optional<SimPatient> patient(String patientId) {
        synchronized (lock) {
            return Optional.ofNullable(patientId == null ? null : patients.get(patientId));
        }
    }

    /** A patient of the given clinic; another clinic's patient is not found. */
    public Optional<SimPatient> patient(String clinicId, String patientId) {
        return patient(patientId).filter(p -> p.clinicId().equals(clinicId));
    }

    /** Case-insensitive substring match on first name, last name or email. A blank query matches everyone. */
    public List<SimPatient> searchPatients(String clinicId, String query, PatientType type) {
        String needle = query == null ? "" : query.trim().toLowerCase(Locale.ROOT);
        return findPatients(clinicId, type, p -> needle.isEmpty()
                || contains(p.firstName(), needle) || contains(p.lastName(), needle) || contains(p.email(), needle));
    }

    private static boolean contains(String value, String needle) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(needle);
    }

    private List<SimPatient> findPatients(String clinicId, PatientType type, Predicate<SimPatient> filter) {
        synchronized (lock) {
            Set<String> guardianIds = new HashSet<>();
            patients.values().forEach(p -> {
                if (p.guardianId() != null) {
                    guardianIds.add(p.guardianId());
                }
            });
            return patients.values().stream()
                    .filter(p -> p.clinicId().equals(clinicId))
                    .filter(p -> switch (type) {
                        case ALL -> true;
                        case DEPENDENT -> p.isDependent();
                        case GUARDIAN -> guardianIds.contains(p.id());
                        case WITHOUT_DEPENDENTS -> !guardianIds.contains(p.id());
                    })
                    .filter(filter)
                    .toList();
        }
    }

    public boolean isGuardian(SimPatient patient) {
        synchronized (lock) {
            return patients.values().stream().anyMatch(p -> patient.id().equals(p.guardianId()));
        }
    }

    /**
     * Objects of a clinic whose metadata id equals {@code metadataId} (exact match).
     * Treatment plans do not exist yet, so {@code treatment_plan} finds nothing.
     */
    public List<MetadataHit> findByMetadata(String clinicId, String type, String metadataId) {
        synchronized (lock) {
            List<MetadataHit> hits = new ArrayList<>();
            if ("patient".equals(type)) {
                patients.values().stream()
                        .filter(p -> p.clinicId().equals(clinicId) && metadataId.equals(p.metadataId()))
                        .forEach(p -> hits.add(new MetadataHit(metadataId, type, p.id())));
            } else if ("practitioner".equals(type) || "staff".equals(type)) {
                users.values().stream()
                        .filter(u -> u.clinicId().equals(clinicId) && u.type().metadataType().equals(type)
                                && metadataId.equals(u.metadataId()))
                        .forEach(u -> hits.add(new MetadataHit(metadataId, type, u.id())));
            }
            return hits;
        }
    }

    // --- writes -----------------------------------------------------------------------------------------------

    /** Creates a patient; throws a 422 {@link SimulatorApiException} with Fullscript's messages when invalid. */
    SimPatient createPatient(String clinicId, PatientChanges changes) {
        SimPatient created;
        synchronized (lock) {
            requireClinic(clinicId);
            PatientDraft draft = new PatientDraft();
            draft.apply(changes);
            List<String> errors = validatePatient(draft, changes, clinicId, null, true);
            if (!errors.isEmpty()) {
                throw SimulatorApiException.unprocessable(errors);
            }
            Instant now = now();
            boolean welcome = changes.sendWelcomeEmail == null || changes.sendWelcomeEmail;
            created = new SimPatient(UUID.randomUUID().toString(), clinicId, draft.firstName, draft.lastName,
                    draft.email, parseDate(draft.dateOfBirth), draft.gender, draft.mobileNumber,
                    draft.discount == null ? BigDecimal.ZERO : draft.discount, false, false, draft.metadataId, null,
                    welcome, now, now);
            patients.put(created.id(), created);
        }
        log.debug("simulator patient created clinicId={} patientId={}", clinicId, created.id());
        publish("patient.created", clinicId, created.id(), null, created);
        return created;
    }

    /** PATCH semantics: fields not sent stay unchanged. 404 for another clinic's patient, 422 when invalid. */
    SimPatient updatePatient(String clinicId, String patientId, PatientChanges changes) {
        SimPatient before;
        SimPatient after;
        synchronized (lock) {
            before = patients.get(patientId);
            if (before == null || !before.clinicId().equals(clinicId)) {
                throw SimulatorApiException.notFound();
            }
            PatientDraft draft = new PatientDraft(before);
            draft.apply(changes);
            boolean emailChanged = !sameIgnoringCase(before.email(), draft.email);
            List<String> errors = validatePatient(draft, changes, clinicId, patientId, emailChanged);
            if (!errors.isEmpty()) {
                throw SimulatorApiException.unprocessable(errors);
            }
            after = new SimPatient(before.id(), clinicId, draft.firstName, draft.lastName, draft.email,
                    parseDate(draft.dateOfBirth), draft.gender, draft.mobileNumber,
                    draft.discount == null ? BigDecimal.ZERO : draft.discount, before.textMessageNotification(),
                    before.archived(), draft.metadataId, before.guardianId(), before.welcomeEmailSent(),
                    before.createdAt(), before.updatedAt());
            if (after.equals(before)) {
                return before;
            }
            after = withUpdatedAt(after, now());
            patients.put(patientId, after);
        }
        log.debug("simulator patient updated clinicId={} patientId={}", clinicId, patientId);
        publish("patient.updated", clinicId, patientId, before, after);
        return after;
    }

    /** PATCH of a practitioner or staff record (email, first_name, last_name, metadata). */
    SimUser updateUser(String clinicId, SimUser.Type type, String userId, UserChanges changes) {
        SimUser before;
        SimUser after;
        synchronized (lock) {
            before = users.get(userId);
            if (before == null || !before.clinicId().equals(clinicId) || before.type() != type) {
                throw SimulatorApiException.notFound();
            }
            String email = changes.has("email") ? changes.email : before.email();
            String first = changes.has("first_name") ? changes.firstName : before.firstName();
            String last = changes.has("last_name") ? changes.lastName : before.lastName();
            String metadataId = changes.has("metadata") ? changes.metadataId : before.metadataId();
            List<String> errors = new ArrayList<>();
            validateNamesAndEmail(errors, changes.fields, email, first, last);
            boolean emailValid = !isBlank(email) && EMAIL.matcher(email).matches();
            if (emailValid && !sameIgnoringCase(before.email(), email) && users.values().stream().anyMatch(u ->
                    u.clinicId().equals(clinicId) && !u.id().equals(userId) && sameIgnoringCase(u.email(), email))) {
                errors.add("Email has already been taken");
            }
            if (changes.fields.isInvalid("metadata")) {
                errors.add("Metadata is invalid");
            }
            if (!errors.isEmpty()) {
                throw SimulatorApiException.unprocessable(errors);
            }
            after = before.withProfile(email, first, last, metadataId, before.updatedAt());
            if (after.equals(before)) {
                return before;
            }
            after = before.withProfile(email, first, last, metadataId, now());
            users.put(userId, after);
        }
        log.debug("simulator {} updated clinicId={} id={}", type.metadataType(), clinicId, userId);
        publish(type.metadataType() + ".updated", clinicId, userId, before, after);
        return after;
    }

    // --- validation -------------------------------------------------------------------------------------------

    /**
     * Messages in Fullscript's (Rails) wording. A blank email yields both "can't be blank" and "is invalid", as in
     * the 422 example of Fullscript's dynamic-link docs.
     */
    private List<String> validatePatient(PatientDraft draft, PatientChanges changes, String clinicId, String selfId,
                                         boolean emailChanged) {
        List<String> errors = new ArrayList<>();
        validateNamesAndEmail(errors, changes.fields, draft.email, draft.firstName, draft.lastName);
        if (!isBlank(draft.email) && EMAIL.matcher(draft.email).matches() && emailChanged
                && patients.values().stream().anyMatch(p -> p.clinicId().equals(clinicId)
                && !p.id().equals(selfId) && sameIgnoringCase(p.email(), draft.email))) {
            errors.add("Email has already been taken");
        }
        if (changes.fields.isInvalid("gender") || (draft.gender != null && !GENDERS.contains(draft.gender))) {
            errors.add("Gender is not included in the list");
        }
        if (changes.fields.isInvalid("date_of_birth")
                || (draft.dateOfBirth != null && !validDateOfBirth(draft.dateOfBirth))) {
            errors.add("Date of birth is invalid");
        }
        if (changes.fields.isInvalid("mobile_number")
                || (draft.mobileNumber != null && !MOBILE.matcher(draft.mobileNumber).matches())) {
            errors.add("Mobile number is invalid");
        }
        if (changes.fields.isInvalid("discount")) {
            errors.add("Discount is not a number");
        } else if (draft.discount != null && draft.discount.signum() < 0) {
            errors.add("Discount must be greater than or equal to 0");
        } else if (draft.discount != null && draft.discount.compareTo(BigDecimal.valueOf(100)) > 0) {
            errors.add("Discount must be less than or equal to 100");
        }
        if (changes.fields.isInvalid("send_welcome_email")) {
            errors.add("Send welcome email is invalid");
        }
        if (changes.fields.isInvalid("metadata")) {
            errors.add("Metadata is invalid");
        }
        return errors;
    }

    private static void validateNamesAndEmail(List<String> errors, JsonFields fields, String email, String first,
                                              String last) {
        if (isBlank(email)) {
            errors.add("Email can't be blank");
        }
        if (isBlank(first)) {
            errors.add(fields.isInvalid("first_name") ? "First name is invalid" : "First name can't be blank");
        }
        if (isBlank(last)) {
            errors.add(fields.isInvalid("last_name") ? "Last name is invalid" : "Last name can't be blank");
        }
        if (isBlank(email) || !EMAIL.matcher(email).matches()) {
            errors.add("Email is invalid");
        }
    }

    private static boolean validDateOfBirth(String value) {
        LocalDate date = parseDate(value);
        return date != null && !date.isAfter(LocalDate.now());
    }

    private static LocalDate parseDate(String value) {
        if (value == null) {
            return null;
        }
        if (!value.matches("\\d{4}-\\d{2}-\\d{2}")) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private void requireClinic(String clinicId) {
        if (!clinics.containsKey(clinicId)) {
            throw SimulatorApiException.notFound();
        }
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static boolean sameIgnoringCase(String a, String b) {
        return a == null ? b == null : b != null && a.equalsIgnoreCase(b);
    }

    private static SimPatient withUpdatedAt(SimPatient p, Instant updatedAt) {
        return new SimPatient(p.id(), p.clinicId(), p.firstName(), p.lastName(), p.email(), p.dateOfBirth(),
                p.gender(), p.mobileNumber(), p.discount(), p.textMessageNotification(), p.archived(), p.metadataId(),
                p.guardianId(), p.welcomeEmailSent(), p.createdAt(), updatedAt);
    }

    private void publish(String type, String clinicId, String objectId, Object before, Object after) {
        SimulatorChange change = new SimulatorChange(type, clinicId, objectId, SimulatorChange.Origin.API, now(),
                before, after);
        listeners.orderedStream().forEach(listener -> {
            try {
                listener.onChange(change);
            } catch (RuntimeException e) {
                log.warn("simulator change listener failed type={} objectId={}", type, objectId, e);
            }
        });
    }

    /** Mutable working copy of a patient while a request is validated. Empty optional strings mean "none". */
    private static final class PatientDraft {
        String email;
        String firstName;
        String lastName;
        String dateOfBirth;
        String gender;
        String mobileNumber;
        BigDecimal discount;
        String metadataId;

        PatientDraft() {
        }

        PatientDraft(SimPatient p) {
            email = p.email();
            firstName = p.firstName();
            lastName = p.lastName();
            dateOfBirth = p.dateOfBirth() == null ? null : p.dateOfBirth().toString();
            gender = p.gender();
            mobileNumber = p.mobileNumber();
            discount = p.discount();
            metadataId = p.metadataId();
        }

        void apply(PatientChanges c) {
            if (c.has("email")) {
                email = c.email;
            }
            if (c.has("first_name")) {
                firstName = c.firstName;
            }
            if (c.has("last_name")) {
                lastName = c.lastName;
            }
            if (c.has("date_of_birth")) {
                dateOfBirth = emptyToNull(c.dateOfBirth);
            }
            if (c.has("gender")) {
                gender = emptyToNull(c.gender);
            }
            if (c.has("mobile_number")) {
                mobileNumber = emptyToNull(c.mobileNumber);
            }
            if (c.has("discount")) {
                // normalised so that 0, 0.0 and "0" compare equal and an unchanged PATCH stays a no-op
                discount = c.discount == null ? BigDecimal.ZERO : c.discount.stripTrailingZeros();
            }
            if (c.has("metadata")) {
                metadataId = c.metadataId;
            }
        }

        private static String emptyToNull(String value) {
            return value == null || value.isEmpty() ? null : value;
        }
    }
}
