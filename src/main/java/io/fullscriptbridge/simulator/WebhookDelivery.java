package io.fullscriptbridge.simulator;

import java.time.Instant;
import java.util.List;

/**
 * One delivery of one event to the webhook endpoint (a redelivery is another delivery of the same event).
 * Immutable snapshot of {@link SimulatorWebhooks}' log.
 *
 * @param duplicate     made by {@link SimulatorWebhooks#redeliver} (the endpoint gets the same event again)
 * @param nextAttemptAt when the next (re)try is due, while {@link Status#PENDING}
 * @param note          why a delivery was dropped, skipped or cancelled
 */
public record WebhookDelivery(String id, String eventId, String eventType, String clinicId, boolean duplicate,
                              Status status, List<Attempt> attempts, Instant createdAt, Instant nextAttemptAt,
                              String note) {

    public enum Status {
        /** Waiting for more events to be sent in reverse order ({@code outOfOrderBatch}). */
        HELD,
        /** First attempt or a retry is due. */
        PENDING,
        DELIVERED,
        /** Every attempt failed. */
        FAILED,
        /** Not sent at all ({@code dropRate}). */
        DROPPED,
        /** Not sent: the clinic had no valid (non-revoked) OAuth token when it was due. */
        SKIPPED,
        /** Not sent: webhooks were switched off before it was due. */
        CANCELLED
    }

    /**
     * One attempt: the empty-body challenge call and, if that answered the challenge, the payload call.
     *
     * @param challengeStatus HTTP status of the challenge call; {@code null} when it got no response
     * @param payloadStatus   HTTP status of the payload call; {@code null} when not made or no response
     * @param responseBody    the last response body (first 500 characters)
     * @param error           why the attempt failed; {@code null} on success
     */
    public record Attempt(int number, Instant attemptedAt, Integer challengeStatus, Integer payloadStatus,
                          boolean success, String responseBody, String error) {

        /** Status of the last response of this attempt. */
        public Integer lastStatus() {
            return payloadStatus != null ? payloadStatus : challengeStatus;
        }
    }

    public boolean delivered() {
        return status == Status.DELIVERED;
    }

    public Instant lastAttemptedAt() {
        return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1).attemptedAt();
    }
}
