package io.fullscriptbridge.simulator;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The simulator's API representations, in Fullscript's snake_case. Null fields are always written (e.g.
 * {@code "metadata": null}, {@code "next_page": null}), whatever the application's global Jackson settings are.
 * Timestamps are strings formatted here, so the app's date settings do not matter either.
 */
final class SimulatorJson {

    private SimulatorJson() {
    }

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** ISO-8601 UTC with milliseconds, e.g. {@code 2021-06-16T14:57:21.000Z}. */
    static String timestamp(Instant instant) {
        return instant == null ? null : TIMESTAMP.format(instant);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Metadata(String id) {
        static Metadata of(String id) {
            return id == null ? null : new Metadata(id);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Patient(String id, String firstName, String lastName, String email, String dateOfBirth, String gender,
                   String mobileNumber, Number discount, Number totalDiscount, boolean textMessageNotification,
                   boolean archived, Metadata metadata, String createdAt, String updatedAt) {

        static Patient of(SimPatient p) {
            Number discount = number(p.discount());
            // no clinic-wide discount is modelled, so the total equals the patient's own discount
            return new Patient(p.id(), p.firstName(), p.lastName(), p.email(),
                    p.dateOfBirth() == null ? null : p.dateOfBirth().toString(), p.gender(), p.mobileNumber(),
                    discount, discount, p.textMessageNotification(), p.archived(), Metadata.of(p.metadataId()),
                    timestamp(p.createdAt()), timestamp(p.updatedAt()));
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Practitioner(String id, String firstName, String lastName, String email, String practitionerTypeId,
                        boolean inviteAccepted, Metadata metadata) {
        static Practitioner of(SimUser u) {
            return new Practitioner(u.id(), u.firstName(), u.lastName(), u.email(), u.practitionerTypeId(),
                    u.inviteAccepted(), Metadata.of(u.metadataId()));
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Staff(String id, String firstName, String lastName, String email, Metadata metadata) {
        static Staff of(SimUser u) {
            return new Staff(u.id(), u.firstName(), u.lastName(), u.email(), Metadata.of(u.metadataId()));
        }
    }

    static Object user(SimUser u) {
        return u.type() == SimUser.Type.PRACTITIONER ? Practitioner.of(u) : Staff.of(u);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Clinic(String id, String name, long patientCount, long practitionerCount, String dispensaryUrl,
                  String integrationId, String integrationActivatedAt) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record MetadataHit(String id, String type, Map<String, String> data) {
        static MetadataHit of(SimulatorState.MetadataHit hit) {
            return new MetadataHit(hit.metadataId(), hit.type(), Map.of("id", hit.objectId()));
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record PageMeta(int currentPage, Integer nextPage, Integer prevPage, int totalPages, long totalCount) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ResourceOwner(String id, String type) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record OAuthToken(String accessToken, String tokenType, long expiresIn, String refreshToken, String scope,
                      String createdAt, ResourceOwner resourceOwner) {
        static OAuthToken of(SimulatorTokens.IssuedToken t) {
            return new OAuthToken(t.accessToken(), "Bearer", t.expiresIn(), t.refreshToken(), t.scope(),
                    timestamp(t.createdAt()), new ResourceOwner(t.resourceOwnerId(), t.resourceOwnerType()));
        }
    }

    /** {@code {"id": "..."}}: how a treatment plan names its patient and practitioner. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Ref(String id) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Dosage(String amount, String frequency, String duration, String additionalInfo, String format,
                  List<String> timeOfDay) {
        static Dosage of(SimRecommendation.Dosage d) {
            return d == null ? null : new Dosage(d.amount(), d.frequency(), d.duration(), d.additionalInfo(),
                    d.format(), d.timeOfDay());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Recommendation(String variantId, int unitsToPurchase, boolean refill, String takeWith, Dosage dosage) {
        static Recommendation of(SimRecommendation r) {
            return new Recommendation(r.variantId(), r.unitsToPurchase(), r.refill(), r.takeWith(),
                    Dosage.of(r.dosage()));
        }
    }

    /**
     * A treatment plan, as the API and the {@code treatment_plan.*} events show it. {@code active} is a JSON
     * boolean (Fullscript's payload example prints {@code "true"}, but its examples type every field as a string);
     * {@code resources} and {@code lab_recommendations} are always empty (not modelled).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record TreatmentPlan(String id, String state, boolean active, String availableAt, String personalMessage,
                         Ref patient, Ref practitioner, List<Recommendation> recommendations, List<Object> resources,
                         List<Object> labRecommendations, Metadata metadata, String createdAt, String updatedAt) {
        static TreatmentPlan of(SimTreatmentPlan t) {
            return new TreatmentPlan(t.id(), t.state().value(), t.active(), timestamp(t.availableAt()),
                    t.personalMessage(), new Ref(t.patientId()), new Ref(t.practitionerId()),
                    t.recommendations().stream().map(Recommendation::of).toList(), List.of(), List.of(),
                    Metadata.of(t.metadataId()), timestamp(t.createdAt()), timestamp(t.updatedAt()));
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record LineItem(String variantId, int quantity, String type, String labType) {
        static LineItem of(SimOrder.LineItem i) {
            return new LineItem(i.variantId(), i.quantity(), i.type(), i.labType());
        }
    }

    /** An order, as the {@code order.placed} event carries it (the event's {@code data} is this object itself). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Order(String id, String orderNumber, String completedAt, List<String> treatmentPlanIds,
                 List<String> practitionerIds, String patientId, List<LineItem> lineItems) {
        static Order of(SimOrder o) {
            return new Order(o.id(), o.orderNumber(), timestamp(o.completedAt()), o.treatmentPlanIds(),
                    o.practitionerIds(), o.patientId(), o.lineItems().stream().map(LineItem::of).toList());
        }
    }

    /** An event: {@code GET /api/events/{id}} answers {@code {"event": <this>}}, webhooks post the same. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Event(String id, String type, String createdAt, String clinicId, Object data) {
        static Event of(SimEvent e) {
            return new Event(e.id(), e.type(), timestamp(e.createdAt()), e.clinicId(), e.data());
        }
    }

    /** Whole numbers as integers (0, 10), others as decimals (12.5), never in exponent notation. */
    static Number number(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0) {
            return stripped.longValueExact();
        }
        return stripped.doubleValue();
    }
}
