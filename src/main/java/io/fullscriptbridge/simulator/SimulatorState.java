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
 * The simulator's clinic data: clinics, practitioners, staff, patients, treatment plans and orders. Every write names
 * its {@link SimulatorChange.Origin}: {@code API} for the simulated REST API, {@code PORTAL} for what users do in
 * the (simulated) Fullscript web app ({@link SimulatorPortal}). Thread-safe: every read and write holds
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
    /** Insertion order is creation order. */
    private final Map<String, SimTreatmentPlan> treatmentPlans = new LinkedHashMap<>();
    private final Map<String, SimOrder> orders = new LinkedHashMap<>();
    private long orderSequence;
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
            treatmentPlans.clear();
            orders.clear();
            orderSequence = 0;
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

    /** Objects of a clinic whose metadata id equals {@code metadataId} (exact match), in creation order. */
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
            } else if ("treatment_plan".equals(type)) {
                treatmentPlans.values().stream()
                        .filter(t -> t.clinicId().equals(clinicId) && metadataId.equals(t.metadataId()))
                        .forEach(t -> hits.add(new MetadataHit(metadataId, type, t.id())));
            }
            return hits;
        }
    }

    /** Every treatment plan of every clinic, in creation order. */
    public List<SimTreatmentPlan> treatmentPlans() {
        synchronized (lock) {
            return List.copyOf(treatmentPlans.values());
        }
    }

    /** A patient's treatment plans in creation order (any state). */
    public List<SimTreatmentPlan> treatmentPlans(String clinicId, String patientId) {
        synchronized (lock) {
            return treatmentPlans.values().stream()
                    .filter(t -> t.clinicId().equals(clinicId) && t.patientId().equals(patientId))
                    .toList();
        }
    }

    /** A treatment plan by id, whatever its clinic (for tests and admin). */
    public Optional<SimTreatmentPlan> treatmentPlan(String planId) {
        synchronized (lock) {
            return Optional.ofNullable(planId == null ? null : treatmentPlans.get(planId));
        }
    }

    /** A treatment plan of the given clinic; another clinic's plan is not found. */
    public Optional<SimTreatmentPlan> treatmentPlan(String clinicId, String planId) {
        return treatmentPlan(planId).filter(t -> t.clinicId().equals(clinicId));
    }

    /** A clinic's orders, in the order they were placed. */
    public List<SimOrder> orders(String clinicId) {
        synchronized (lock) {
            return orders.values().stream().filter(o -> o.clinicId().equals(clinicId)).toList();
        }
    }

    public Optional<SimOrder> order(String orderId) {
        synchronized (lock) {
            return Optional.ofNullable(orderId == null ? null : orders.get(orderId));
        }
    }

    // --- writes -----------------------------------------------------------------------------------------------

    /** Creates a patient; throws a 422 {@link SimulatorApiException} with Fullscript's messages when invalid. */
    SimPatient createPatient(String clinicId, PatientChanges changes) {
        return createPatient(clinicId, changes, SimulatorChange.Origin.API);
    }

    SimPatient createPatient(String clinicId, PatientChanges changes, SimulatorChange.Origin origin) {
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
        publish("patient.created", clinicId, created.id(), origin, null, created);
        return created;
    }

    /** PATCH semantics: fields not sent stay unchanged. 404 for another clinic's patient, 422 when invalid. */
    SimPatient updatePatient(String clinicId, String patientId, PatientChanges changes) {
        return updatePatient(clinicId, patientId, changes, SimulatorChange.Origin.API);
    }

    SimPatient updatePatient(String clinicId, String patientId, PatientChanges changes,
                             SimulatorChange.Origin origin) {
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
        publish("patient.updated", clinicId, patientId, origin, before, after);
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
        publish(type.metadataType() + ".updated", clinicId, userId, SimulatorChange.Origin.API, before, after);
        return after;
    }

    /**
     * Creates a treatment plan for a patient of the clinic. 404 when the patient is not the clinic's; 422 for a
     * missing or unknown practitioner, a state other than draft/active, or (when {@code requireRecommendations})
     * no recommendations.
     */
    SimTreatmentPlan createTreatmentPlan(String clinicId, String patientId, String practitionerId,
                                         SimTreatmentPlan.State planState, String personalMessage,
                                         List<SimRecommendation> recommendations, String metadataId,
                                         boolean requireRecommendations, SimulatorChange.Origin origin) {
        return createTreatmentPlan(clinicId, patientId, practitionerId, planState, personalMessage, recommendations,
                metadataId, requireRecommendations, origin, List.of());
    }

    /** As above, with parse errors found earlier (reported together with the validation errors). */
    SimTreatmentPlan createTreatmentPlan(String clinicId, String patientId, String practitionerId,
                                         SimTreatmentPlan.State planState, String personalMessage,
                                         List<SimRecommendation> recommendations, String metadataId,
                                         boolean requireRecommendations, SimulatorChange.Origin origin,
                                         List<String> earlierErrors) {
        SimTreatmentPlan created;
        synchronized (lock) {
            requireClinic(clinicId);
            SimPatient patient = patients.get(patientId);
            if (patient == null || !patient.clinicId().equals(clinicId)) {
                throw SimulatorApiException.notFound();
            }
            List<String> errors = new ArrayList<>(earlierErrors);
            validatePractitioner(errors, clinicId, practitionerId);
            if (planState == SimTreatmentPlan.State.CANCELLED) {
                errors.add("State is not included in the list");
            }
            // null = unreadable (already reported); an empty list = none sent
            if (requireRecommendations && recommendations != null && recommendations.isEmpty()) {
                errors.add("Recommendations can't be blank");
            }
            if (!errors.isEmpty()) {
                throw SimulatorApiException.unprocessable(errors);
            }
            SimTreatmentPlan.State effective = planState == null ? SimTreatmentPlan.State.ACTIVE : planState;
            Instant now = now();
            created = new SimTreatmentPlan(UUID.randomUUID().toString(), clinicId, patientId, practitionerId,
                    effective, personalMessage, recommendations, metadataId,
                    effective == SimTreatmentPlan.State.ACTIVE ? now : null, now, now);
            treatmentPlans.put(created.id(), created);
        }
        log.debug("simulator treatment plan created clinicId={} treatmentPlanId={} origin={}", clinicId,
                created.id(), origin);
        publish("treatment_plan.created", clinicId, created.id(), origin, null, created);
        return created;
    }

    /**
     * PATCH of personal_message, recommendations and metadata; fields not sent stay unchanged. 404 for another
     * clinic's plan, 422 when invalid or when the plan was cancelled.
     */
    SimTreatmentPlan updateTreatmentPlan(String clinicId, String planId, TreatmentPlanChanges changes,
                                         SimulatorChange.Origin origin) {
        SimTreatmentPlan before;
        SimTreatmentPlan after;
        synchronized (lock) {
            before = treatmentPlans.get(planId);
            if (before == null || !before.clinicId().equals(clinicId)) {
                throw SimulatorApiException.notFound();
            }
            List<String> errors = new ArrayList<>(changes.errors);
            if (changes.has("recommendations") && changes.recommendations != null
                    && changes.recommendations.isEmpty()) {
                errors.add("Recommendations can't be blank");
            }
            if (before.state() == SimTreatmentPlan.State.CANCELLED) {
                errors.add("Treatment plan has been cancelled and can't be changed");
            }
            if (!errors.isEmpty()) {
                throw SimulatorApiException.unprocessable(errors);
            }
            after = before.with(before.state(),
                    changes.has("personal_message") ? changes.personalMessage : before.personalMessage(),
                    changes.has("recommendations") ? changes.recommendations : before.recommendations(),
                    changes.has("metadata") ? changes.metadataId : before.metadataId(),
                    before.availableAt(), before.updatedAt());
            if (after.equals(before)) {
                return before;
            }
            after = after.with(after.state(), after.personalMessage(), after.recommendations(), after.metadataId(),
                    after.availableAt(), now());
            treatmentPlans.put(planId, after);
        }
        log.debug("simulator treatment plan updated clinicId={} treatmentPlanId={} origin={}", clinicId, planId,
                origin);
        publish("treatment_plan.updated", clinicId, planId, origin, before, after);
        return after;
    }

    /**
     * Activates or cancels a plan. Activating a draft makes it available to the patient; cancelling works on
     * drafts and active plans. Asking for the state a plan already has changes nothing (and raises no change);
     * a cancelled plan cannot be changed any more (422). {@code clinicId} {@code null} = any clinic (admin).
     */
    SimTreatmentPlan changeTreatmentPlanState(String clinicId, String planId, SimTreatmentPlan.State target,
                                              SimulatorChange.Origin origin) {
        SimTreatmentPlan before;
        SimTreatmentPlan after;
        synchronized (lock) {
            before = treatmentPlans.get(planId);
            if (before == null || (clinicId != null && !before.clinicId().equals(clinicId))) {
                throw SimulatorApiException.notFound();
            }
            if (before.state() == target) {
                return before;
            }
            if (before.state() == SimTreatmentPlan.State.CANCELLED || target == SimTreatmentPlan.State.DRAFT) {
                throw SimulatorApiException.unprocessable(List.of("State cannot change from "
                        + before.state().value() + " to " + target.value()));
            }
            Instant now = now();
            Instant availableAt = target == SimTreatmentPlan.State.ACTIVE && before.availableAt() == null
                    ? now : before.availableAt();
            after = before.with(target, before.personalMessage(), before.recommendations(), before.metadataId(),
                    availableAt, now);
            treatmentPlans.put(planId, after);
        }
        log.debug("simulator treatment plan {} treatmentPlanId={} origin={}", target.value(), planId, origin);
        publish("treatment_plan.updated", after.clinicId(), planId, origin, before, after);
        return after;
    }

    /**
     * A patient places an order. Treatment plans must be the patient's; practitioners must be the clinic's.
     * Without practitioner ids the plans' practitioners are used; without line items, the plans' recommendations
     * (one product line per recommendation). 404 for an unknown patient, 422 otherwise.
     */
    SimOrder placeOrder(String clinicId, String patientId, List<String> treatmentPlanIds,
                        List<String> practitionerIds, List<SimOrder.LineItem> lineItems,
                        SimulatorChange.Origin origin) {
        SimOrder order;
        synchronized (lock) {
            requireClinic(clinicId);
            SimPatient patient = patients.get(patientId);
            if (patient == null || !patient.clinicId().equals(clinicId)) {
                throw SimulatorApiException.notFound();
            }
            List<String> errors = new ArrayList<>();
            List<SimTreatmentPlan> plans = new ArrayList<>();
            for (String planId : treatmentPlanIds == null ? List.<String>of() : treatmentPlanIds) {
                SimTreatmentPlan plan = treatmentPlans.get(planId);
                if (plan == null || !plan.patientId().equals(patientId)) {
                    errors.add("Treatment plan " + planId + " is not a treatment plan of the patient");
                } else {
                    plans.add(plan);
                }
            }
            List<String> practitioners = practitionerIds == null || practitionerIds.isEmpty()
                    ? plans.stream().map(SimTreatmentPlan::practitionerId).distinct().toList()
                    : List.copyOf(practitionerIds);
            for (String practitionerId : practitioners) {
                SimUser user = users.get(practitionerId);
                if (user == null || !user.clinicId().equals(clinicId) || user.type() != SimUser.Type.PRACTITIONER) {
                    errors.add("Practitioner " + practitionerId + " must exist");
                }
            }
            List<SimOrder.LineItem> items = lineItems == null || lineItems.isEmpty()
                    ? plans.stream().flatMap(t -> t.recommendations().stream())
                            .map(r -> SimOrder.LineItem.product(r.variantId(), r.unitsToPurchase())).toList()
                    : List.copyOf(lineItems);
            if (items.isEmpty() && errors.isEmpty()) {
                errors.add("Line items can't be blank");
            }
            if (!errors.isEmpty()) {
                throw SimulatorApiException.unprocessable(errors);
            }
            orderSequence++;
            order = new SimOrder(UUID.randomUUID().toString(), clinicId, String.valueOf(100_000_000L + orderSequence),
                    patientId, plans.stream().map(SimTreatmentPlan::id).toList(), practitioners, items, now());
            orders.put(order.id(), order);
        }
        log.debug("simulator order placed clinicId={} orderId={} origin={}", clinicId, order.id(), origin);
        publish("order.placed", clinicId, order.id(), origin, null, order);
        return order;
    }

    private void validatePractitioner(List<String> errors, String clinicId, String practitionerId) {
        if (isBlank(practitionerId)) {
            errors.add("Practitioner can't be blank");
            return;
        }
        SimUser user = users.get(practitionerId);
        if (user == null || !user.clinicId().equals(clinicId) || user.type() != SimUser.Type.PRACTITIONER) {
            errors.add("Practitioner must exist");
        }
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

    private void publish(String type, String clinicId, String objectId, SimulatorChange.Origin origin,
                         Object before, Object after) {
        SimulatorChange change = new SimulatorChange(type, clinicId, objectId, origin, now(), before, after);
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
