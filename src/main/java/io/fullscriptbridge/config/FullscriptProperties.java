package io.fullscriptbridge.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Which Fullscript server the bridge talks to, and how. */
@ConfigurationProperties("bridge.fullscript")
public class FullscriptProperties {

    /** us or ca: separate servers; a token is only good on the one that issued it. */
    private String region = "us";
    /** sandbox or production. */
    private String environment = "sandbox";
    /** Overrides region and environment; empty means the built-in simulator when it is on. */
    private String apiBaseUrl = "";
    private String clientId = "";
    private String clientSecret = "";
    /** Fullscript defaults to sending a welcome email on create; the bridge does not unless asked. */
    private boolean sendWelcomeEmail = false;

    public String getRegion() { return region; }
    public void setRegion(String region) { this.region = region; }
    public String getEnvironment() { return environment; }
    public void setEnvironment(String environment) { this.environment = environment; }
    public String getApiBaseUrl() { return apiBaseUrl; }
    public void setApiBaseUrl(String apiBaseUrl) { this.apiBaseUrl = apiBaseUrl; }
    public String getClientId() { return clientId; }
    public void setClientId(String clientId) { this.clientId = clientId; }
    public String getClientSecret() { return clientSecret; }
    public void setClientSecret(String clientSecret) { this.clientSecret = clientSecret; }
    public boolean isSendWelcomeEmail() { return sendWelcomeEmail; }
    public void setSendWelcomeEmail(boolean sendWelcomeEmail) { this.sendWelcomeEmail = sendWelcomeEmail; }
}
