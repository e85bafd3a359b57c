package io.fullscriptbridge.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Tenants (EHR customers) and the connections the local profile seeds until per-user OAuth exists. */
@ConfigurationProperties("bridge")
public class BridgeProperties {

    private Map<String, Tenant> tenants = new LinkedHashMap<>();
    private List<DevConnection> devConnections = new ArrayList<>();

    public Map<String, Tenant> getTenants() { return tenants; }
    public void setTenants(Map<String, Tenant> tenants) { this.tenants = tenants; }
    public List<DevConnection> getDevConnections() { return devConnections; }
    public void setDevConnections(List<DevConnection> devConnections) { this.devConnections = devConnections; }

    public static class Tenant {
        private String displayName;
        /** Shared with the EHR: signs its launch links (connect, revoke, toggle). From the environment. */
        private String launchSecret = "";
        /** Where the connect flow may send the browser back to: URL prefixes, e.g. https://ehr.example.com/ */
        private List<String> returnUrls = new ArrayList<>();
        /** The EHR's credential for POST /api/ehr/messages (header X-Bridge-Api-Key). From the environment. */
        private String apiKey = "";
        /**
         * The EHR's users on the broker: each may send to ehr.inbound.&lt;tenant&gt; and read ehr.outbound.&lt;tenant&gt; and
         * ehr.reply.&lt;tenant&gt;.*. Passwords from the environment (BRIDGE_TENANTS_&lt;ID&gt;_BROKERUSERS_0_PASSWORD).
         */
        private List<BrokerUser> brokerUsers = new ArrayList<>();

        public List<BrokerUser> getBrokerUsers() { return brokerUsers; }
        public void setBrokerUsers(List<BrokerUser> brokerUsers) { this.brokerUsers = brokerUsers; }

        public String getApiKey() { return apiKey; }
        public void setApiKey(String apiKey) { this.apiKey = apiKey; }

        public String getDisplayName() { return displayName; }
        public void setDisplayName(String displayName) { this.displayName = displayName; }
        public String getLaunchSecret() { return launchSecret; }
        public void setLaunchSecret(String launchSecret) { this.launchSecret = launchSecret; }
        public List<String> getReturnUrls() { return returnUrls; }
        public void setReturnUrls(List<String> returnUrls) { this.returnUrls = returnUrls; }
    }

    /** A broker login of one tenant. */
    public static class BrokerUser {
        private String username;
        private String password;

        public String getUsername() { return username; }
        public void setUsername(String username) { this.username = username; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
    }

    /**
     * A connection seeded at start-up with the simulator's seeded tokens, so the local profile and tests can act
     * without the OAuth dance. Refused outside the local and test profiles.
     */
    public static class DevConnection {
        private String tenant;
        private String ehrUserId;
        private String clinicId;
        private String accessToken;
        private String refreshToken = "";
        private String resourceOwnerId = "";
        private String resourceOwnerType = "Practitioner";

        public String getRefreshToken() { return refreshToken; }
        public void setRefreshToken(String refreshToken) { this.refreshToken = refreshToken; }
        public String getResourceOwnerId() { return resourceOwnerId; }
        public void setResourceOwnerId(String resourceOwnerId) { this.resourceOwnerId = resourceOwnerId; }
        public String getResourceOwnerType() { return resourceOwnerType; }
        public void setResourceOwnerType(String resourceOwnerType) { this.resourceOwnerType = resourceOwnerType; }

        public String getTenant() { return tenant; }
        public void setTenant(String tenant) { this.tenant = tenant; }
        public String getEhrUserId() { return ehrUserId; }
        public void setEhrUserId(String ehrUserId) { this.ehrUserId = ehrUserId; }
        public String getClinicId() { return clinicId; }
        public void setClinicId(String clinicId) { this.clinicId = clinicId; }
        public String getAccessToken() { return accessToken; }
        public void setAccessToken(String accessToken) { this.accessToken = accessToken; }
    }
}
