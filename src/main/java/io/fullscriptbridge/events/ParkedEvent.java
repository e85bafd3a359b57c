package io.fullscriptbridge.events;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A Fullscript event no EHR could take, with why. */
@Entity
@Table(name = "parked_event")
public class ParkedEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "event_id")
    private String eventId;
    @Column(name = "clinic_id")
    private String clinicId;
    @Column(name = "event_type")
    private String eventType;
    @Column(nullable = false)
    private String reason;
    @Column(name = "payload_enc", nullable = false)
    private String payloadSealed;
    @Column(name = "received_at", nullable = false)
    private Instant receivedAt;

    protected ParkedEvent() {
    }

    public ParkedEvent(String eventId, String clinicId, String eventType, String reason, String payloadSealed) {
        this.eventId = eventId;
        this.clinicId = clinicId;
        this.eventType = eventType;
        this.reason = reason;
        this.payloadSealed = payloadSealed;
        this.receivedAt = Instant.now();
    }

    public Long getId() { return id; }
    public String getEventId() { return eventId; }
    public String getClinicId() { return clinicId; }
    public String getEventType() { return eventType; }
    public String getReason() { return reason; }
    public Instant getReceivedAt() { return receivedAt; }
    /** The sealed payload; opens with {@code FullscriptEvents.payloadContext(eventId)} (ops/ParkedEventReplay). */
    public String getPayloadSealed() { return payloadSealed; }
}
