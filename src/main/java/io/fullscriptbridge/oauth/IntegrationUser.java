package io.fullscriptbridge.oauth;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** The per-user switch: a user without a row is enabled. */
@Entity
@Table(name = "integration_user")
@jakarta.persistence.EntityListeners(ConnectionChanges.class)
@IdClass(IntegrationUser.Key.class)
public class IntegrationUser {

    @Id
    private String tenant;
    @Id
    @Column(name = "ehr_user_id")
    private String ehrUserId;
    @Column(nullable = false)
    private boolean enabled;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected IntegrationUser() {
    }

    public IntegrationUser(String tenant, String ehrUserId, boolean enabled) {
        this.tenant = tenant;
        this.ehrUserId = ehrUserId;
        setEnabled(enabled);
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
        this.updatedAt = Instant.now();
    }

    public boolean isEnabled() { return enabled; }
    public String getTenant() { return tenant; }
    public String getEhrUserId() { return ehrUserId; }
    public Instant getUpdatedAt() { return updatedAt; }

    public static class Key implements Serializable {
        private String tenant;
        private String ehrUserId;

        public Key() {
        }

        public Key(String tenant, String ehrUserId) {
            this.tenant = tenant;
            this.ehrUserId = ehrUserId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(tenant, k.tenant) && Objects.equals(ehrUserId, k.ehrUserId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenant, ehrUserId);
        }
    }
}
