package io.fullscriptbridge.oauth;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One connect attempt: the state sent to Fullscript's authorize page, single use, short-lived. */
@Entity
@Table(name = "oauth_state")
public class OAuthState {

    @Id
    private String state;
    @Column(nullable = false)
    private String tenant;
    @Column(name = "ehr_user_id", nullable = false)
    private String ehrUserId;
    @Column(name = "return_url")
    private String returnUrl;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;
    @Column(name = "used_at")
    private Instant usedAt;
    /** SHA-256 (hex) of the random value in the starting browser's cookie (BrowserBinding). */
    @Column(name = "browser_hash")
    private String browserHash;
    /** What the browser continues to after connecting (a recommend link), sealed; null for a plain connect. */
    @Column(name = "continuation_sealed")
    private String continuationSealed;

    protected OAuthState() {
    }

    public OAuthState(String state, String tenant, String ehrUserId, String returnUrl, Instant createdAt, Instant expiresAt,
                      String browserHash) {
        this.state = state;
        this.tenant = tenant;
        this.ehrUserId = ehrUserId;
        this.returnUrl = returnUrl;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.browserHash = browserHash;
    }

    public String getState() { return state; }
    public String getTenant() { return tenant; }
    public String getEhrUserId() { return ehrUserId; }
    public String getReturnUrl() { return returnUrl; }
    public Instant getExpiresAt() { return expiresAt; }
    public Instant getUsedAt() { return usedAt; }
    public String getBrowserHash() { return browserHash; }
    public String getContinuationSealed() { return continuationSealed; }

    OAuthState continuingWith(String sealed) {
        this.continuationSealed = sealed;
        return this;
    }

    /** The associated data binding a sealed continuation to its state row. */
    static String continuationContext(String state) {
        return "oauth_state:" + state + ":continuation";
    }
}
