package io.fullscriptbridge.events;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * /webhooks/fullscript: the empty challenge call (a GET, or a POST without a body: Fullscript's documentation does
 * not say which) is answered at once with the challenge token; a payload call is verified
 * (Fullscript-Signature over the raw bytes), stored durably on fullscript.events, and only then answered 200 with
 * the challenge token. Both envelopes Fullscript's documentation shows, {@code {"event":{…}}} and
 * {@code {"event_payload":{"event":{…}}}}, are enqueued as received (the signature covers the raw bytes either way;
 * {@link FullscriptEvents#read} unwraps them). Never 410 (Fullscript would disable the endpoint). A Spring MVC controller rather than a
 * platform-http route: it needs the exact raw bytes for the signature and no form-body parsing of any kind.
 */
@RestController
public class WebhookController {

    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

    private final WebhookProperties properties;
    private final WebhookSignatureVerifier verifier;
    private final FullscriptEventIntake intake;
    private final MeterRegistry meters;

    public WebhookController(WebhookProperties properties, FullscriptEventIntake intake, MeterRegistry meters) {
        this.properties = properties;
        this.verifier = new WebhookSignatureVerifier(properties.getSignatureSecrets(), properties.getTolerance().toSeconds(), Clock.systemUTC());
        this.intake = intake;
        this.meters = meters;
    }

    /** The challenge call made as a GET. */
    @GetMapping(path = "/webhooks/fullscript", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, String>> challengeByGet() {
        meters.counter("bridge.webhook.calls", "kind", "challenge").increment();
        return challenge();
    }

    @PostMapping(path = "/webhooks/fullscript", consumes = MediaType.ALL_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, String>> receive(HttpServletRequest request,
                                                       @RequestHeader(name = "Fullscript-Signature", required = false) String signature)
            throws IOException {
        if (request.getContentLengthLong() > properties.getMaxBodyBytes()) {
            return refused(HttpStatus.PAYLOAD_TOO_LARGE, "too_large");
        }
        byte[] body = request.getInputStream().readNBytes(properties.getMaxBodyBytes() + 1);
        if (body.length > properties.getMaxBodyBytes()) {
            return refused(HttpStatus.PAYLOAD_TOO_LARGE, "too_large");
        }
        if (body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            meters.counter("bridge.webhook.calls", "kind", "challenge").increment();
            return challenge();
        }
        try {
            verifier.verify(signature, body);
        } catch (WebhookSignatureVerifier.RejectedException e) {
            log.warn("webhook refused reason={}", e.reason());
            return refused(HttpStatus.UNAUTHORIZED, e.reason().name().toLowerCase());
        }
        // durable before we answer: a persistent send is on the broker's journal when it returns
        intake.submit(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        meters.counter("bridge.webhook.calls", "kind", "event").increment();
        return challenge();
    }

    private ResponseEntity<Map<String, String>> challenge() {
        return ResponseEntity.ok(Map.of("challenge", properties.getChallengeToken()));
    }

    private ResponseEntity<Map<String, String>> refused(HttpStatus status, String reason) {
        meters.counter("bridge.webhook.rejections", "reason", reason).increment();
        return ResponseEntity.status(status).body(Map.of("error", "refused: " + reason));
    }
}
