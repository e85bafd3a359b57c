package io.fullscriptbridge.crossindex;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.ehr.EhrOutbound;
import io.fullscriptbridge.ehr.OutboundEvent;
import io.fullscriptbridge.ehr.PatientDemographics;
import io.fullscriptbridge.fullscript.ActingUser;
import io.fullscriptbridge.oauth.TokenCipher;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Matches the bridge will not make on its own wait here for an admin. Raising one tells the EHR
 * (patient.review_required); resolving it links (or creates) and tells the EHR patient.linked.
 */
@Service
public class ReviewQueue {

    private static final Logger log = LoggerFactory.getLogger(ReviewQueue.class);

    public record ReviewRequired(String ehrPatientId, String clinicId, Long reviewId, String reason, int candidateCount,
                                 List<io.fullscriptbridge.ehr.FieldWarning> warnings) {

        public ReviewRequired {
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
        }
    }

    /** The admin's choice: one of the candidates, or a new patient. */
    public record Resolution(String fullscriptPatientId, boolean createNew) {
    }

    public static class ReviewException extends RuntimeException {
        public ReviewException(String message) {
            super(message);
        }
    }

    private final ReviewItemRepository reviews;
    private final TokenCipher cipher;
    private final ObjectMapper mapper;
    private final PatientMatcher matcher;
    private final EhrOutbound outbound;

    public ReviewQueue(ReviewItemRepository reviews, TokenCipher cipher, ObjectMapper mapper, PatientMatcher matcher,
                       EhrOutbound outbound, MeterRegistry meters) {
        this.reviews = reviews;
        this.cipher = cipher;
        this.mapper = mapper;
        this.matcher = matcher;
        this.outbound = outbound;
        Gauge.builder("bridge.crossindex.reviews.open", reviews, r -> r.countByStatus(ReviewItem.Status.OPEN.name()))
                .description("Patient matches waiting for an admin").register(meters);
    }

    @Transactional
    public OutboundEvent raise(String tenant, ActingUser user, String clinicId, String messageId, PatientDemographics patient,
                               PatientMatcher.NeedsReview review) {
        return raise(tenant, user, clinicId, messageId, patient, review, List.of());
    }

    @Transactional
    public OutboundEvent raise(String tenant, ActingUser user, String clinicId, String messageId, PatientDemographics patient,
                               PatientMatcher.NeedsReview review, List<io.fullscriptbridge.ehr.FieldWarning> warnings) {
        ReviewItem item = reviews.findFirstByTenantAndEhrPatientIdAndClinicIdAndStatus(tenant, patient.id(), clinicId, ReviewItem.Status.OPEN.name())
                .orElseGet(() -> new ReviewItem(tenant, patient.id(), clinicId, user.ehrUserId()));
        item.raisedBy(messageId, user.ehrUserId(), review.reason(), String.join(",", review.candidateIds()),
                seal(patient, messageContext(tenant, patient.id(), clinicId)));
        reviews.save(item);
        log.info("review required reviewId={} tenant={} clinicId={} reason={} candidates={}", item.getId(), tenant, clinicId,
                review.reason(), review.candidateIds().size());
        return OutboundEvent.of("patient.review_required", messageId, tenant,
                new ReviewRequired(patient.id(), clinicId, item.getId(), review.reason(), review.candidateIds().size(), warnings));
    }

    public List<ReviewItem> open() {
        return reviews.findByStatusOrderById(ReviewItem.Status.OPEN.name());
    }

    /** Finishes the original message the admin's way and tells the EHR. */
    @Transactional
    public OutboundEvent resolve(Long id, Resolution resolution) {
        ReviewItem item = reviews.findById(id).orElseThrow(() -> new ReviewException("no review item " + id));
        if (!ReviewItem.Status.OPEN.name().equals(item.getStatus())) {
            throw new ReviewException("review item " + id + " is already resolved");
        }
        PatientDemographics patient = unseal(item.getMessageSealed(),
                messageContext(item.getTenant(), item.getEhrPatientId(), item.getClinicId()));
        ActingUser user = new ActingUser(item.getTenant(), item.getEhrUserId(), item.getClinicId());
        PatientMatcher.Linked linked;
        if (resolution.createNew()) {
            linked = matcher.createChosen(item.getTenant(), user, item.getClinicId(), patient);
            item.resolved("created");
        } else {
            List<String> candidates = List.of(item.getCandidateIds().split(","));
            if (resolution.fullscriptPatientId() == null || !candidates.contains(resolution.fullscriptPatientId())) {
                throw new ReviewException("choose one of the candidates " + candidates + " or createNew");
            }
            linked = matcher.linkChosen(item.getTenant(), user, item.getClinicId(), patient, resolution.fullscriptPatientId());
            item.resolved("linked:" + resolution.fullscriptPatientId());
        }
        reviews.save(item);
        OutboundEvent event = OutboundEvent.of("patient.linked", item.getMessageId(), item.getTenant(),
                new OutboundEvent.PatientLinked(item.getEhrPatientId(), item.getClinicId(), linked.fullscriptPatientId(), linked.matchedBy()));
        outbound.publish(event);
        log.info("review resolved reviewId={} fullscriptPatientId={}", id, linked.fullscriptPatientId());
        return event;
    }

    /** The associated data binding a sealed message to its review (one open review per tenant, patient and clinic). */
    public static String messageContext(String tenant, String ehrPatientId, String clinicId) {
        return "review_item:" + tenant + ":" + ehrPatientId + ":" + clinicId;
    }

    private String seal(PatientDemographics patient, String context) {
        try {
            return cipher.seal(mapper.writeValueAsString(patient), context);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private PatientDemographics unseal(String sealed, String context) {
        try {
            return mapper.readValue(cipher.open(sealed, context), PatientDemographics.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable review message", e);
        }
    }
}
