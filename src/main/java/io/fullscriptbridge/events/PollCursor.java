package io.fullscriptbridge.events;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Up to which day (UTC) one clinic's event stream has been read. */
@Entity
@Table(name = "event_poll_cursor")
@IdClass(PollCursor.Key.class)
public class PollCursor {

    @Id
    @Column(name = "clinic_id")
    private String clinicId;
    @Id
    private String stream;
    @Column(name = "polled_until", nullable = false)
    private LocalDate polledUntil;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected PollCursor() {
    }

    public PollCursor(String clinicId, String stream, LocalDate polledUntil) {
        this.clinicId = clinicId;
        this.stream = stream;
        advance(polledUntil);
    }

    void advance(LocalDate day) {
        this.polledUntil = day;
        this.updatedAt = Instant.now();
    }

    public String getClinicId() { return clinicId; }
    public String getStream() { return stream; }
    public LocalDate getPolledUntil() { return polledUntil; }

    public static class Key implements Serializable {
        private String clinicId;
        private String stream;

        public Key() {
        }

        public Key(String clinicId, String stream) {
            this.clinicId = clinicId;
            this.stream = stream;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(clinicId, k.clinicId) && Objects.equals(stream, k.stream);
        }

        @Override
        public int hashCode() {
            return Objects.hash(clinicId, stream);
        }
    }
}
