package io.fullscriptbridge.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Fullscript's webhook secrets (from the API dashboard, per environment) and our limits. */
@ConfigurationProperties("bridge.webhook")
public class WebhookProperties {

    /** The "Secret challenge token": answered to every call, empty or not. */
    private String challengeToken = "";
    /** "Fullscript-signature secret key"s: more than one while a secret is being rotated. */
    private List<String> signatureSecrets = new ArrayList<>();
    /** How old (or how far in the future) a signature's timestamp may be. */
    private Duration tolerance = Duration.ofSeconds(300);
    private int maxBodyBytes = 1_048_576;

    public String getChallengeToken() { return challengeToken; }
    public void setChallengeToken(String challengeToken) { this.challengeToken = challengeToken; }
    public List<String> getSignatureSecrets() { return signatureSecrets; }
    public void setSignatureSecrets(List<String> signatureSecrets) { this.signatureSecrets = signatureSecrets; }
    public Duration getTolerance() { return tolerance; }
    public void setTolerance(Duration tolerance) { this.tolerance = tolerance; }
    public int getMaxBodyBytes() { return maxBodyBytes; }
    public void setMaxBodyBytes(int maxBodyBytes) { this.maxBodyBytes = maxBodyBytes; }
}
