package io.fullscriptbridge.crossindex;

import io.fullscriptbridge.fullscript.FullscriptLane;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.fullscriptbridge.ehr.OutboundEvent;
import io.fullscriptbridge.fullscript.FullscriptApiException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin API for patient matches waiting for a person. Shows ids and reasons, never demographics. */
@RestController
@RequestMapping("/api/admin/reviews")
public class AdminReviewController {

    public record ReviewView(Long id, String tenant, String ehrPatientId, String clinicId, String ehrUserId, String messageId,
                             String reason, List<String> candidateIds, Instant createdAt) {
    }

    private final ReviewQueue reviews;

    public AdminReviewController(ReviewQueue reviews) {
        this.reviews = reviews;
    }

    @GetMapping
    public List<ReviewView> open() {
        return reviews.open().stream().map(r -> new ReviewView(r.getId(), r.getTenant(), r.getEhrPatientId(), r.getClinicId(),
                r.getEhrUserId(), r.getMessageId(), r.getReason(), List.of(r.getCandidateIds().split(",")), r.getCreatedAt())).toList();
    }

    /** Body {@code {"fullscriptPatientId":"…"}} to link to a candidate, or {@code {"createNew":true}}. */
    @PostMapping("/{id}/resolve")
    public ResponseEntity<?> resolve(@PathVariable Long id, @RequestBody ReviewQueue.Resolution resolution) {
        try {
            // the admin waits on this answer: interactive calls (D83)
            OutboundEvent event = FullscriptLane.interactive(() -> reviews.resolve(id, resolution));
            return ResponseEntity.ok(event.data());
        } catch (ReviewQueue.ReviewException e) {
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
        } catch (FullscriptApiException.Rejected e) {
            return ResponseEntity.unprocessableEntity().body(Map.of("error", e.getErrorMessage()));
        }
    }
}
