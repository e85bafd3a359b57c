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

        public String getDisplayName() { return displayName; }
        public void setDisplayName(String displayName) { this.displayName = displayName; }
    }

    /** A fixed token for one EHR user: local profile and tests only (the simulator's seeded tokens). */
    public static class DevConnection {
        private String tenant;
        private String ehrUserId;
        private String clinicId;
        private String accessToken;

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
