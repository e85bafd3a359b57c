package io.fullscriptbridge.events;

import java.time.Instant;
import java.util.List;

import org.springframework.data.domain.Sort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin API: Fullscript events no EHR could take, with why (ids only; the payload stays sealed). */
@RestController
@RequestMapping("/api/admin/events")
public class AdminEventsController {

    public record ParkedEventView(Long id, String eventId, String clinicId, String eventType, String reason, Instant receivedAt) {
    }

    private final ParkedEventRepository parked;

    public AdminEventsController(ParkedEventRepository parked) {
        this.parked = parked;
    }

    @GetMapping("/parked")
    public List<ParkedEventView> parked() {
        return parked.findAll(Sort.by("id")).stream()
                .map(p -> new ParkedEventView(p.getId(), p.getEventId(), p.getClinicId(), p.getEventType(), p.getReason(), p.getReceivedAt()))
                .toList();
    }
}
