package io.fullscriptbridge.oauth;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One EHR user's authorization of the bridge in one Fullscript clinic. Tokens are stored sealed (TokenCipher);
 * this entity never holds them in clear, and nothing here is ever logged but ids.
 */
@Entity
@Table(name = "fullscript_connection")
@jakarta.persistence.EntityListeners(ConnectionChanges.class)
public class Connection {

    public enum Status {
        /** tokens usable */
        ACTIVE,
        /** Fullscript refused the refresh token (the user revoked us inside Fullscript): the user must connect again */
        REAUTHORIZATION_REQUIRED
    }

    @Id
    private String id;
    @Column(nullable = false)
    private String tenant;
    @Column(name = "ehr_user_id", nullable = false)
    private String ehrUserId;
    @Column(name = "clinic_id", nullable = false)
    private String clinicId;
    @Column(name = "resource_owner_id", nullable = false)
    private String resourceOwnerId;
    @Column(name = "resource_owner_type", nullable = false)
    private String resourceOwnerType;
    private String scopes;
    @Column(name = "clinic_name")
    private String clinicName;
    @Column(name = "access_token_enc", nullable = false)
    private String accessTokenSealed;
    @Column(name = "refresh_token_enc", nullable = false)
    private String refreshTokenSealed;
    @Column(name = "token_created_at", nullable = false)
    private Instant tokenCreatedAt;
    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Status status;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    /** While set and in the future, one node is refreshing this connection's tokens (no row lock is held meanwhile). */
    @Column(name = "refresh_lease_until")
    private Instant refreshLeaseUntil;
    @Column(name = "refreshed_count", nullable = false)
    private int refreshedCount;

    protected Connection() {
    }

    public Connection(String tenant, String ehrUserId, String clinicId) {
        this.id = UUID.randomUUID().toString();
        this.tenant = tenant;
        this.ehrUserId = ehrUserId;
        this.clinicId = clinicId;
        this.createdAt = Instant.now();
    }

    /** The associated data that binds a sealed token to this row and column (TokenCipher). */
    public static String accessContext(String connectionId) {
        return "fullscript_connection:" + connectionId + ":access";
    }

    public static String refreshContext(String connectionId) {
        return "fullscript_connection:" + connectionId + ":refresh";
    }

    /** New tokens from an authorization, sealed for this row. */
    public void storeTokens(TokenGrant grant, TokenCipher cipher) {
        storeTokens(grant, cipher.seal(grant.accessToken(), accessContext(id)), cipher.seal(grant.refreshToken(), refreshContext(id)));
    }

    /** New tokens from a refresh, sealed for this row. */
    public void refreshed(TokenGrant grant, TokenCipher cipher) {
        storeTokens(grant, cipher);
        this.refreshedCount++;
    }

    String accessToken(TokenCipher cipher) {
        return cipher.open(accessTokenSealed, accessContext(id));
    }

    String refreshToken(TokenCipher cipher) {
        return cipher.open(refreshTokenSealed, refreshContext(id));
    }

    private void storeTokens(TokenGrant grant, String accessSealed, String refreshSealed) {
        this.resourceOwnerId = grant.resourceOwnerId();
        this.resourceOwnerType = grant.resourceOwnerType();
        this.scopes = grant.scope();
        this.accessTokenSealed = accessSealed;
        this.refreshTokenSealed = refreshSealed;
        this.tokenCreatedAt = grant.createdAt();
        this.expiresAt = grant.expiresAt();
        this.status = Status.ACTIVE;
        this.updatedAt = Instant.now();
    }

    /** Another node (or thread) holds an unexpired refresh lease. */
    boolean refreshLeasedAt(Instant now) {
        return refreshLeaseUntil != null && refreshLeaseUntil.isAfter(now);
    }

    void leaseRefresh(Instant until) {
        this.refreshLeaseUntil = until;
    }

    void releaseRefreshLease() {
        this.refreshLeaseUntil = null;
    }

    public void requireReauthorization() {
        this.status = Status.REAUTHORIZATION_REQUIRED;
        this.updatedAt = Instant.now();
    }

    public boolean expiresWithin(java.time.Duration margin) {
        return expiresWithin(expiresAt, margin);
    }

    /** Whether an access token expiring at {@code expiresAt} is within {@code margin} of it now (also for a snapshot). */
    static boolean expiresWithin(Instant expiresAt, java.time.Duration margin) {
        return expiresAt.isBefore(Instant.now().plus(margin));
    }

    public String getId() { return id; }
    public String getTenant() { return tenant; }
    public String getEhrUserId() { return ehrUserId; }
    public String getClinicId() { return clinicId; }
    public String getResourceOwnerId() { return resourceOwnerId; }
    public String getResourceOwnerType() { return resourceOwnerType; }
    public String getScopes() { return scopes; }
    String getAccessTokenSealed() { return accessTokenSealed; }
    String getRefreshTokenSealed() { return refreshTokenSealed; }
    public Instant getTokenCreatedAt() { return tokenCreatedAt; }
    public Instant getExpiresAt() { return expiresAt; }
    public Status getStatus() { return status; }
    public String getClinicName() { return clinicName; }

    /** The clinic's name as GET /api/clinic answered at connect (null when it gave none). */
    void named(String clinicName) {
        this.clinicName = io.fullscriptbridge.common.Text.blankToNull(clinicName);
    }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public int getRefreshedCount() { return refreshedCount; }

    @Override
    public String toString() {
        return "Connection[id=" + id + ", tenant=" + tenant + ", clinicId=" + clinicId + ", status=" + status + "]";
    }
}
