package io.fullscriptbridge.oauth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The connect flow and token life cycle. */
@ConfigurationProperties("bridge.oauth")
public class OAuthProperties {

    /** This bridge as browsers reach it, e.g. https://bridge.example.com ; empty = http://localhost:<port> (local, tests). */
    private String publicBaseUrl = "";
    /** Registered in Fullscript's dashboard; empty = <public-base-url>/oauth/fullscript/callback. */
    private String redirectUri = "";
    /** A state from the connect step is good this long (Fullscript's codes live 10 minutes). */
    private Duration stateTtl = Duration.ofMinutes(10);
    /** Launch links further in the future than this are refused. */
    private Duration maxLaunchLinkLifetime = Duration.ofHours(24);
    /** Connect links the bridge signs itself (in authorization.required) live this long. */
    private Duration issuedLinkLifetime = Duration.ofHours(24);
    /** Refresh a token this long before it expires (Fullscript's live 2 hours). */
    private Duration refreshMargin = Duration.ofMinutes(5);
    /**
     * How long one refresh may run before another node may try the same connection (a node that died mid-refresh
     * leaves its lease behind). Others wait for it up to this long, then give the message back for redelivery.
     */
    private Duration refreshLease = Duration.ofSeconds(30);
    /**
     * How long a user's connections and integration switch, read for every message, are kept in memory (D80). A
     * write on this node drops them at once; another node's revoke, connect or toggle is seen within this time. 0: off.
     */
    private Duration connectionCacheTtl = Duration.ofSeconds(1);

    public Duration getConnectionCacheTtl() { return connectionCacheTtl; }
    public void setConnectionCacheTtl(Duration connectionCacheTtl) { this.connectionCacheTtl = connectionCacheTtl; }
    /**
     * The scopes the bridge's calls need (README "OAuth scopes"); a connect whose token answer lacks one is reported.
     * clinic:write: Redirect links (the recommend link, treatment_plan.link) and the practitioner metadata label.
     */
    private java.util.List<String> requiredScopes = new java.util.ArrayList<>(java.util.List.of(
            "clinic:read", "clinic:write", "patients:read", "patients:write", "patients:treatment_plan_history", "patients:order_history"));

    public java.util.List<String> getRequiredScopes() { return requiredScopes; }
    public void setRequiredScopes(java.util.List<String> requiredScopes) { this.requiredScopes = requiredScopes; }

    public String getPublicBaseUrl() { return publicBaseUrl; }
    public void setPublicBaseUrl(String publicBaseUrl) { this.publicBaseUrl = publicBaseUrl; }
    public String getRedirectUri() { return redirectUri; }
    public void setRedirectUri(String redirectUri) { this.redirectUri = redirectUri; }
    public Duration getStateTtl() { return stateTtl; }
    public void setStateTtl(Duration stateTtl) { this.stateTtl = stateTtl; }
    public Duration getMaxLaunchLinkLifetime() { return maxLaunchLinkLifetime; }
    public void setMaxLaunchLinkLifetime(Duration maxLaunchLinkLifetime) { this.maxLaunchLinkLifetime = maxLaunchLinkLifetime; }
    public Duration getIssuedLinkLifetime() { return issuedLinkLifetime; }
    public void setIssuedLinkLifetime(Duration issuedLinkLifetime) { this.issuedLinkLifetime = issuedLinkLifetime; }
    public Duration getRefreshMargin() { return refreshMargin; }
    public Duration getRefreshLease() { return refreshLease; }
    public void setRefreshLease(Duration refreshLease) { this.refreshLease = refreshLease; }
    public void setRefreshMargin(Duration refreshMargin) { this.refreshMargin = refreshMargin; }
}
