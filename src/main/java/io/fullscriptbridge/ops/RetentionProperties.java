package io.fullscriptbridge.ops;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** How long the bridge keeps what it stores (README, "Where PHI is stored and for how long"). */
@ConfigurationProperties("bridge.retention")
public class RetentionProperties {

    /** When the pruning job runs (Quartz cron; clustered in prod, so one node prunes). */
    private String cron = "0 37 3 * * ?";
    /** Connect attempts (states) after they expired: ids and the return URL only. */
    private Duration oauthStates = Duration.ofDays(1);
    /** Used launch-link nonces after their link expired (the expiry check refuses the link from then on). */
    private Duration launchNonces = Duration.ofHours(1);
    /** Inbound message ids the idempotent consumer remembers (a re-send within this is not processed twice). */
    private Duration idempotencyKeys = Duration.ofDays(30);
    /** Messages waiting for their user to connect (PHI, sealed): dropped after this; the EHR must re-send. */
    private Duration parkedMessages = Duration.ofDays(30);
    /** Parked messages already replayed. */
    private Duration replayedParkedMessages = Duration.ofDays(1);
    /** Review items an admin resolved (the sealed message that raised them is PHI). */
    private Duration resolvedReviews = Duration.ofDays(30);
    /** Message journal rows (ids, states, timings; no PHI). */
    private Duration journal = Duration.ofDays(90);
    /** Ops actions (who replayed, discarded, read dead letters, stopped routes): ids and counts, no PHI. */
    private Duration opsAudit = Duration.ofDays(365);
    /** Fullscript events no tenant could take (sealed payload, may hold PHI). */
    private Duration parkedEvents = Duration.ofDays(30);
    /**
     * Dead letters and invalid messages on the broker (PHI bodies). Applied by the broker's address settings
     * (expiry-delay on DLQ.# and ehr.inbound.invalid, no expiry address), not by this job: see docs/security.md.
     */
    private Duration deadLetters = Duration.ofDays(14);

    public String getCron() { return cron; }
    public void setCron(String cron) { this.cron = cron; }
    public Duration getOauthStates() { return oauthStates; }
    public void setOauthStates(Duration oauthStates) { this.oauthStates = oauthStates; }
    public Duration getLaunchNonces() { return launchNonces; }
    public void setLaunchNonces(Duration launchNonces) { this.launchNonces = launchNonces; }
    public Duration getIdempotencyKeys() { return idempotencyKeys; }
    public void setIdempotencyKeys(Duration idempotencyKeys) { this.idempotencyKeys = idempotencyKeys; }
    public Duration getParkedMessages() { return parkedMessages; }
    public void setParkedMessages(Duration parkedMessages) { this.parkedMessages = parkedMessages; }
    public Duration getReplayedParkedMessages() { return replayedParkedMessages; }
    public void setReplayedParkedMessages(Duration replayedParkedMessages) { this.replayedParkedMessages = replayedParkedMessages; }
    public Duration getResolvedReviews() { return resolvedReviews; }
    public void setResolvedReviews(Duration resolvedReviews) { this.resolvedReviews = resolvedReviews; }
    public Duration getOpsAudit() { return opsAudit; }
    public void setOpsAudit(Duration opsAudit) { this.opsAudit = opsAudit; }
    public Duration getJournal() { return journal; }
    public void setJournal(Duration journal) { this.journal = journal; }
    public Duration getParkedEvents() { return parkedEvents; }
    public void setParkedEvents(Duration parkedEvents) { this.parkedEvents = parkedEvents; }
    public Duration getDeadLetters() { return deadLetters; }
    public void setDeadLetters(Duration deadLetters) { this.deadLetters = deadLetters; }
}
