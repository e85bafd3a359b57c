package io.fullscriptbridge.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Delivers every event ({@link SimulatorEvents}) to the configured webhook endpoint the way Fullscript describes
 * it. All wire decisions, including the UNCONFIRMED ones, are made here:
 * <ol>
 *   <li>Only while the event's clinic has at least one non-revoked OAuth grant (Fullscript: "you hold at least one
 *       valid (not revoked) OAuth token"); checked when each attempt is due. Otherwise the delivery is SKIPPED.</li>
 *   <li>Challenge: {@code POST url} with an empty body (no Content-Type), timeout 2 s. The answer must be 200 or 201
 *       with a JSON body {@code {"challenge": "<challenge token>"}}.</li>
 *   <li>Payload: {@code POST url}, {@code Content-Type: application/json}, body {@code {"event": {...}}} (the same
 *       bytes on every attempt), answered again with 200/201 and the challenge token.</li>
 *   <li>Both calls carry {@code Fullscript-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(signature secret,
 *       t + "." + raw body)>}; whether Fullscript signs the empty challenge call is UNCONFIRMED — signing it costs a
 *       receiver nothing (the signature is over {@code "t."}).</li>
 *   <li>A failed attempt (any other status, a wrong or missing challenge, a timeout, a refused connection) is
 *       retried after the retry schedule's delays (Fullscript: 1 min, 5 min, 30 min, 60 min, 5 h; 6 attempts in
 *       all); then the delivery is FAILED. Endpoint disabling (410, failures for more than 24 h) is not
 *       simulated.</li>
 * </ol>
 * Delivery runs on one background thread ("sim-webhook"), in due-time order, so the request that caused the event
 * never waits. Simulator extras: {@code dropRate}, {@code outOfOrderBatch}, {@link #redeliver} (a duplicate) and a
 * delivery log. Thread-safe.
 */
@Component
@ConditionalOnSimulatorEnabled
public class SimulatorWebhooks implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SimulatorWebhooks.class);

    public static final String SIGNATURE_HEADER = "Fullscript-Signature";
    static final Duration LOG_RETENTION = Duration.ofDays(30);
    private static final int RESPONSE_BODY_LIMIT = 500;

    private final SimulatorProperties properties;
    private final SimulatorEvents events;
    private final SimulatorTokens tokens;
    private final ObjectMapper objectMapper;
    private final Clock clock = Clock.systemUTC();
    /**
     * Made on the first delivery: building an HttpClient sets up TLS (the JDK's trust store), about 2 s of a cold
     * start (D86).
     */
    private static final class Http {
        static final HttpClient CLIENT = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    private final Object lock = new Object();
    private WebhookSettings settings;
    /** Every delivery in creation order. */
    private final Map<String, Delivery> deliveries = new LinkedHashMap<>();
    private final List<Delivery> held = new ArrayList<>();
    private ScheduledExecutorService executor;
    /** Bumped by reset: tasks of an older generation do nothing. */
    private int generation;

    private static final class Delivery {
        final String id = UUID.randomUUID().toString();
        final SimEvent event;
        final boolean duplicate;
        final Instant createdAt;
        final List<WebhookDelivery.Attempt> attempts = new ArrayList<>();
        WebhookDelivery.Status status;
        Instant nextAttemptAt;
        String note;
        byte[] body;

        Delivery(SimEvent event, boolean duplicate, Instant createdAt, WebhookDelivery.Status status) {
            this.event = event;
            this.duplicate = duplicate;
            this.createdAt = createdAt;
            this.status = status;
        }

        WebhookDelivery view() {
            return new WebhookDelivery(id, event.id(), event.type(), event.clinicId(), duplicate, status,
                    List.copyOf(attempts), createdAt, nextAttemptAt, note);
        }
    }

    public SimulatorWebhooks(SimulatorProperties properties, SimulatorEvents events, SimulatorTokens tokens,
                             ObjectMapper objectMapper) {
        this.properties = properties;
        this.events = events;
        this.tokens = tokens;
        this.objectMapper = objectMapper;
        this.settings = WebhookSettings.of(properties.webhook());
        this.executor = newExecutor();
        events.subscribe(this::onEvent);
    }

    // --- settings ---------------------------------------------------------------------------------------------

    public WebhookSettings settings() {
        synchronized (lock) {
            return settings;
        }
    }

    /**
     * Replaces the settings. Events held for out-of-order delivery are released (newest first) when the new
     * settings no longer hold them.
     */
    public WebhookSettings configure(WebhookSettings newSettings) {
        synchronized (lock) {
            settings = newSettings;
            if (settings.outOfOrderBatch() < 2 && !held.isEmpty()) {
                releaseHeldLocked();
            }
            return settings;
        }
    }

    /** Back to {@code bridge.simulator.webhook.*}. */
    public WebhookSettings resetSettings() {
        return configure(WebhookSettings.of(properties.webhook()));
    }

    // --- deliveries -------------------------------------------------------------------------------------------

    /** The delivery log, oldest first. */
    public List<WebhookDelivery> deliveries() {
        synchronized (lock) {
            return deliveries.values().stream().map(Delivery::view).toList();
        }
    }

    /** The deliveries of one event (the first one and any redeliveries), oldest first. */
    public List<WebhookDelivery> deliveries(String eventId) {
        synchronized (lock) {
            return deliveries.values().stream().filter(d -> d.event.id().equals(eventId)).map(Delivery::view)
                    .toList();
        }
    }

    public Optional<WebhookDelivery> delivery(String deliveryId) {
        synchronized (lock) {
            return Optional.ofNullable(deliveries.get(deliveryId)).map(Delivery::view);
        }
    }

    /** Deliveries still HELD or PENDING. */
    public long pendingCount() {
        synchronized (lock) {
            return deliveries.values().stream().filter(d -> d.status == WebhookDelivery.Status.HELD
                    || d.status == WebhookDelivery.Status.PENDING).count();
        }
    }

    /**
     * Delivers an event (of the last 30 days) again, at once, as a new delivery: the endpoint gets a duplicate.
     * Neither held nor dropped. @throws SimulatorApiException 404 for an unknown event, 409 when webhooks are off
     */
    public WebhookDelivery redeliver(String eventId) {
        SimEvent event = events.event(eventId).orElseThrow(SimulatorApiException::notFound);
        synchronized (lock) {
            if (!settings.active()) {
                throw new SimulatorApiException(HttpStatus.CONFLICT, List.of("Webhooks are off (no url, or disabled)"));
            }
            Delivery delivery = newDelivery(event, true, WebhookDelivery.Status.PENDING);
            scheduleLocked(delivery, Duration.ZERO);
            return delivery.view();
        }
    }

    /** Sends the events held for out-of-order delivery now, newest first. @return how many were released */
    public int releaseHeld() {
        synchronized (lock) {
            return releaseHeldLocked();
        }
    }

    /** Cancels everything pending, forgets the log and restores the configured settings. */
    public void reset() {
        ScheduledExecutorService old;
        synchronized (lock) {
            generation++;
            old = executor;
            executor = newExecutor();
            deliveries.clear();
            held.clear();
            settings = WebhookSettings.of(properties.webhook());
        }
        old.shutdownNow();
    }

    @Override
    public void destroy() {
        synchronized (lock) {
            generation++;
            executor.shutdownNow();
        }
    }

    /** {@code t=<epochSeconds>,v1=<hex HMAC-SHA256(secret, epochSeconds + "." + rawBody)>}. */
    public static String signatureHeader(String secret, long epochSeconds, byte[] rawBody) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.UTF_8));
            mac.update(rawBody);
            return "t=" + epochSeconds + ",v1=" + HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    // --- internals --------------------------------------------------------------------------------------------

    private void onEvent(SimEvent event) {
        synchronized (lock) {
            if (!settings.active()) {
                return;
            }
            pruneLocked();
            if (settings.dropRate() > 0 && ThreadLocalRandom.current().nextDouble() < settings.dropRate()) {
                Delivery dropped = newDelivery(event, false, WebhookDelivery.Status.DROPPED);
                dropped.note = "dropped (dropRate " + settings.dropRate() + ")";
                log.debug("simulator webhook dropped eventId={}", event.id());
                return;
            }
            if (settings.outOfOrderBatch() >= 2) {
                Delivery delivery = newDelivery(event, false, WebhookDelivery.Status.HELD);
                held.add(delivery);
                if (held.size() >= settings.outOfOrderBatch()) {
                    releaseHeldLocked();
                }
                return;
            }
            scheduleLocked(newDelivery(event, false, WebhookDelivery.Status.PENDING), Duration.ZERO);
        }
    }

    private int releaseHeldLocked() {
        List<Delivery> batch = new ArrayList<>(held);
        held.clear();
        Collections.reverse(batch);
        // one executor thread runs due tasks in submission order, so the endpoint sees them reversed
        for (Delivery delivery : batch) {
            delivery.status = WebhookDelivery.Status.PENDING;
            scheduleLocked(delivery, Duration.ZERO);
        }
        return batch.size();
    }

    private Delivery newDelivery(SimEvent event, boolean duplicate, WebhookDelivery.Status status) {
        Delivery delivery = new Delivery(event, duplicate, now(), status);
        deliveries.put(delivery.id, delivery);
        return delivery;
    }

    private void scheduleLocked(Delivery delivery, Duration delay) {
        delivery.nextAttemptAt = now().plus(delay);
        int gen = generation;
        executor.schedule(() -> attempt(delivery, gen), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void attempt(Delivery delivery, int gen) {
        WebhookSettings current;
        synchronized (lock) {
            if (gen != generation || delivery.status != WebhookDelivery.Status.PENDING) {
                return;
            }
            current = settings;
            if (!current.active()) {
                finish(delivery, WebhookDelivery.Status.CANCELLED, "webhooks were switched off");
                return;
            }
        }
        if (!tokens.hasActiveGrant(delivery.event.clinicId())) {
            synchronized (lock) {
                if (gen == generation) {
                    finish(delivery, WebhookDelivery.Status.SKIPPED, "no valid OAuth token for the clinic");
                }
            }
            log.debug("simulator webhook skipped eventId={}: no valid token for clinicId={}", delivery.event.id(),
                    delivery.event.clinicId());
            return;
        }
        WebhookDelivery.Attempt attempt = send(delivery, current);
        synchronized (lock) {
            if (gen != generation) {
                return;
            }
            delivery.attempts.add(attempt);
            if (attempt.success()) {
                finish(delivery, WebhookDelivery.Status.DELIVERED, null);
            } else if (delivery.attempts.size() < current.maxAttempts()) {
                delivery.status = WebhookDelivery.Status.PENDING;
                scheduleLocked(delivery, current.retrySchedule().get(delivery.attempts.size() - 1));
            } else {
                finish(delivery, WebhookDelivery.Status.FAILED, "gave up after " + delivery.attempts.size()
                        + " attempts");
            }
        }
        log.debug("simulator webhook attempt eventId={} attempt={} success={} error={}", delivery.event.id(),
                attempt.number(), attempt.success(), attempt.error());
    }

    private void finish(Delivery delivery, WebhookDelivery.Status status, String note) {
        delivery.status = status;
        delivery.nextAttemptAt = null;
        delivery.note = note;
    }

    /** One attempt: challenge call, then payload call. Runs outside the lock. */
    private WebhookDelivery.Attempt send(Delivery delivery, WebhookSettings s) {
        int number = delivery.attempts.size() + 1;
        Instant attemptedAt = now();
        URI uri = URI.create(s.url());
        Integer challengeStatus = null;
        Integer payloadStatus = null;
        String responseBody = null;
        try {
            HttpResponse<String> challenge = Http.CLIENT.send(HttpRequest.newBuilder(uri)
                    .timeout(s.challengeTimeout())
                    .header(SIGNATURE_HEADER, signatureHeader(s.signatureSecret(), epochSeconds(), new byte[0]))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            challengeStatus = challenge.statusCode();
            responseBody = truncate(challenge.body());
            String problem = checkAnswer(challenge, s.challengeToken());
            if (problem != null) {
                return new WebhookDelivery.Attempt(number, attemptedAt, challengeStatus, null, false, responseBody,
                        "challenge call: " + problem);
            }
            byte[] body = payload(delivery);
            HttpResponse<String> payload = Http.CLIENT.send(HttpRequest.newBuilder(uri)
                    .timeout(s.payloadTimeout())
                    .header("Content-Type", "application/json")
                    .header(SIGNATURE_HEADER, signatureHeader(s.signatureSecret(), epochSeconds(), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            payloadStatus = payload.statusCode();
            responseBody = truncate(payload.body());
            problem = checkAnswer(payload, s.challengeToken());
            return new WebhookDelivery.Attempt(number, attemptedAt, challengeStatus, payloadStatus, problem == null,
                    responseBody, problem == null ? null : "payload call: " + problem);
        } catch (IOException e) {
            return new WebhookDelivery.Attempt(number, attemptedAt, challengeStatus, payloadStatus, false,
                    responseBody, (challengeStatus == null ? "challenge call: " : "payload call: ")
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WebhookDelivery.Attempt(number, attemptedAt, challengeStatus, payloadStatus, false,
                    responseBody, "interrupted");
        }
    }

    /** @return why the answer is not an acknowledgement, or {@code null} when it is */
    private String checkAnswer(HttpResponse<String> response, String challengeToken) {
        int status = response.statusCode();
        if (status != 200 && status != 201) {
            return "status " + status;
        }
        try {
            JsonNode json = objectMapper.readTree(response.body() == null ? "" : response.body());
            JsonNode challenge = json == null ? null : json.get("challenge");
            if (challenge == null || !challenge.isTextual()) {
                return "no challenge in the answer";
            }
            if (!challenge.asText().equals(challengeToken)) {
                return "wrong challenge token";
            }
            return null;
        } catch (JsonProcessingException e) {
            return "answer is not JSON";
        }
    }

    private byte[] payload(Delivery delivery) {
        synchronized (lock) {
            if (delivery.body == null) {
                try {
                    delivery.body = objectMapper.writeValueAsBytes(
                            Map.of("event", SimulatorJson.Event.of(delivery.event)));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("event not serialisable", e);
                }
            }
            return delivery.body;
        }
    }

    private void pruneLocked() {
        Instant cutoff = now().minus(LOG_RETENTION);
        deliveries.values().removeIf(d -> d.createdAt.isBefore(cutoff)
                && d.status != WebhookDelivery.Status.PENDING && d.status != WebhookDelivery.Status.HELD);
    }

    private static String truncate(String body) {
        if (body == null) {
            return null;
        }
        return body.length() <= RESPONSE_BODY_LIMIT ? body : body.substring(0, RESPONSE_BODY_LIMIT);
    }

    private long epochSeconds() {
        return Instant.now(clock).getEpochSecond();
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    }

    private static ScheduledExecutorService newExecutor() {
        AtomicInteger count = new AtomicInteger();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "sim-webhook-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
