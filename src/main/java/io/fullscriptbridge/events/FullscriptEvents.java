package io.fullscriptbridge.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.crossindex.PatientXref;
import io.fullscriptbridge.crossindex.PatientXrefRepository;
import io.fullscriptbridge.crossindex.TreatmentPlanEncounters;
import io.fullscriptbridge.crossindex.TreatmentPlanStore;
import io.fullscriptbridge.ehr.OutboundEvent;
import io.fullscriptbridge.oauth.Connection;
import io.fullscriptbridge.oauth.ConnectionRepository;
import io.fullscriptbridge.oauth.TokenCipher;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one consumer of fullscript.events (webhooks and polling alike): reads the event, and turns it into one
 * {@code fullscript.<type>} message per tenant that may see it, with the EHR patient id from the cross-index: an event
 * about a patient goes only to the tenants holding that patient in their cross-index, a clinic-level event to every
 * tenant connected to the clinic. An event for a clinic no tenant is connected to is parked with its reason; one about a
 * patient no tenant holds is counted ({@code bridge.events.not_dispatched}) and logged, not delivered.
 */
@Component("fullscriptEvents")
public class FullscriptEvents {

    public static final String EVENT = "fullscriptEvent";

    private static final Logger log = LoggerFactory.getLogger(FullscriptEvents.class);

    /** What the EHR receives in {@code data}. */
    public record EventForEhr(String fullscriptEventId, String eventType, String clinicId, String ehrPatientId,
                              String fullscriptPatientId, String encounterId, String occurredAt, JsonNode payload) {
    }

    private final ObjectMapper mapper;
    private final ConnectionRepository connections;
    private final PatientXrefRepository xrefs;
    private final ParkedEventRepository parked;
    private final TokenCipher cipher;
    private final MeterRegistry meters;
    private final TreatmentPlanEncounters encounters;
    private final TreatmentPlanStore planStore;

    public FullscriptEvents(ObjectMapper mapper, ConnectionRepository connections, PatientXrefRepository xrefs,
                            ParkedEventRepository parked, TokenCipher cipher, MeterRegistry meters, TreatmentPlanEncounters encounters,
                            TreatmentPlanStore planStore) {
        this.mapper = mapper;
        this.planStore = planStore;
        this.encounters = encounters;
        this.connections = connections;
        this.xrefs = xrefs;
        this.parked = parked;
        this.cipher = cipher;
        this.meters = meters;
    }

    /**
     * Reads {"event":{…}} (webhook and retrieve-event shapes alike) or {"event_payload":{"event":{…}}} (the other
     * webhook shape in Fullscript's documentation); sets the eventId header for de-duplication.
     */
    public void read(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        JsonNode event;
        try {
            JsonNode root = mapper.readTree(body);
            event = root.path("event");
            if (event.isMissingNode()) {
                event = root.path("event_payload").path("event");
            }
        } catch (JsonProcessingException e) {
            event = mapper.missingNode();
        }
        if (!event.isObject() || !event.hasNonNull("id") || !event.hasNonNull("type")) {
            park(null, null, null, "unreadable_event", body);
            exchange.setRouteStop(true);
            return;
        }
        exchange.setProperty(EVENT, event);
        exchange.getMessage().setHeader("eventId", event.path("id").asText());
        io.fullscriptbridge.fullscript.LogContext.enter(exchange, event.path("id").asText());
    }

    /** @return one outbound message per tenant connected to the event's clinic (empty when parked) */
    public List<OutboundEvent> dispatch(@ExchangeProperty(EVENT) JsonNode event) {
        String eventId = event.path("id").asText();
        String type = event.path("type").asText();
        String clinicId = event.path("clinic_id").asText(null);
        Set<String> tenants = new LinkedHashSet<>();
        if (clinicId != null) {
            connections.findByClinicId(clinicId).stream().map(Connection::getTenant).forEach(tenants::add);
        }
        if (tenants.isEmpty()) {
            park(eventId, clinicId, type, clinicId == null ? "no_clinic_id" : "unknown_clinic", event.toString());
            return List.of();
        }
        String fullscriptPatientId = patientIdOf(event);
        Map<String, String> ehrPatientIdByTenant = new LinkedHashMap<>();
        if (fullscriptPatientId != null) {
            for (PatientXref x : xrefs.findByClinicIdAndFullscriptPatientId(clinicId, fullscriptPatientId)) {
                ehrPatientIdByTenant.put(x.getTenant(), x.getEhrPatientId());
            }
        }
        JsonNode plan = event.path("data").path("treatment_plan");
        String encounterId = null;
        if (plan.isObject()) {
            planStore.keep(clinicId, plan);
            encounterId = encounters.encounterOf(clinicId, type, plan).orElse(null);
        }
        if (fullscriptPatientId != null) {
            // about a patient: only the tenants that hold this patient in their cross-index (tenants sharing a clinic
            // must not see each other's patients); clinic-level events go to every tenant connected to the clinic
            tenants.retainAll(ehrPatientIdByTenant.keySet());
            if (tenants.isEmpty()) {
                meters.counter("bridge.events.not_dispatched", "reason", "patient_not_cross_indexed").increment();
                log.info("fullscript event for no tenant eventId={} type={} clinicId={} reason=patient_not_cross_indexed", eventId, type, clinicId);
                return List.of();
            }
        }
        List<OutboundEvent> out = new ArrayList<>();
        for (String tenant : tenants) {
            out.add(OutboundEvent.of("fullscript." + type, eventId, tenant, new EventForEhr(eventId, type, clinicId,
                    ehrPatientIdByTenant.get(tenant), fullscriptPatientId, encounterId, event.path("created_at").asText(null), event.path("data"))));
        }
        meters.counter("bridge.events.dispatched", "type", type).increment(out.size());
        log.info("fullscript event dispatched eventId={} type={} clinicId={} tenants={}", eventId, type, clinicId, tenants.size());
        return out;
    }

    /** The patient an event is about: data.patient.id, data.treatment_plan.patient.id or (orders) data.patient_id. */
    static String patientIdOf(JsonNode event) {
        JsonNode data = event.path("data");
        for (JsonNode candidate : List.of(data.path("patient").path("id"), data.path("treatment_plan").path("patient").path("id"),
                data.path("patient_id"), data.path("order").path("patient_id"))) {
            if (candidate.isTextual() && !candidate.asText().isBlank()) {
                return candidate.asText();
            }
        }
        return null;
    }

    private void park(String eventId, String clinicId, String type, String reason, String payload) {
        if (eventId == null || parked.findByEventId(eventId).isEmpty()) {
            parked.save(new ParkedEvent(eventId, clinicId, type, reason, cipher.seal(payload, payloadContext(eventId))));
        }
        meters.counter("bridge.events.parked", "reason", reason).increment();
        log.warn("fullscript event parked eventId={} clinicId={} reason={}", eventId, clinicId, reason);
    }

    /** The associated data a parked event's payload is sealed with: it opens only as that event's. */
    public static String payloadContext(String eventId) {
        return "parked_event:" + eventId;
    }
}
