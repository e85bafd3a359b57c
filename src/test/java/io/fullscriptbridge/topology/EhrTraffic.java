package io.fullscriptbridge.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * An EHR on the broker, as its tenant's user: sends patient messages to {@code ehr.inbound.<tenant>} and reads every
 * answer from {@code ehr.outbound.<tenant>} on a thread of its own, counting answers per messageId (correlationId).
 * The reader reconnects by itself when the broker goes away, as an EHR's client would.
 */
final class EhrTraffic implements AutoCloseable {

    /** One answer: its type and the inbound messageId it answers. */
    record Answer(String correlationId, String type, String errorCode) {
    }

    private static final ObjectMapper json = new ObjectMapper();

    private final ActiveMQConnectionFactory factory;
    private final String tenant;
    private final Map<String, AtomicInteger> answersPerMessage = new ConcurrentHashMap<>();
    private final Map<String, Answer> lastAnswer = new ConcurrentHashMap<>();
    private final AtomicInteger readerReconnects = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread reader;

    EhrTraffic(String brokerUrl, String tenant, String password) {
        this.factory = new ActiveMQConnectionFactory(brokerUrl, tenant, password);
        this.tenant = tenant;
        this.reader = new Thread(this::readAnswers, "ehr-answer-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** A canonical patient.upsert for one patient; the e-mail is unique per patient, so the simulator can be counted by it. */
    static String upsert(String mrn, String firstName) {
        return "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + mrn + "\",\"firstName\":\"" + firstName
                + "\",\"lastName\":\"Hopper\",\"email\":\"" + email(mrn) + "\"}}";
    }

    static String email(String mrn) {
        return mrn.toLowerCase() + "@example.com";
    }

    /** Sends each (messageId → body) persistently, in order, as the practitioner; retries a send the broker refused. */
    void send(Map<String, String> bodiesByMessageId, String ehrUserId) throws Exception {
        try (Connection c = factory.createConnection()) {
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("ehr.inbound." + tenant));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (Map.Entry<String, String> e : bodiesByMessageId.entrySet()) {
                TextMessage message = session.createTextMessage(e.getValue());
                message.setStringProperty("ehrUserId", ehrUserId);
                message.setStringProperty("messageId", e.getKey());
                producer.send(message);
            }
        }
    }

    /** Patients {@code <run>-<i>}, one new patient per message, messageIds {@code m-<run>-<i>}. */
    static Map<String, String> newPatients(String run, int from, int count) {
        Map<String, String> bodies = new LinkedHashMap<>();
        for (int i = from; i < from + count; i++) {
            bodies.put("m-" + run + "-" + i, upsert("F-" + run + "-" + i, "Grace"));
        }
        return bodies;
    }

    /** How many of these messageIds have at least one answer. */
    int answered(Collection<String> messageIds) {
        int n = 0;
        for (String id : messageIds) {
            if (answersPerMessage.containsKey(id)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Waits until at least {@code count} of these messageIds have an answer; a timeout names the ones still without
     * one, so a failed fault run says which messages to look up in the journal.
     */
    void awaitAnswered(Collection<String> messageIds, int count, Duration atMost) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(200))
                    .until(() -> answered(messageIds) >= count);
        } catch (ConditionTimeoutException e) {
            List<String> missing = messageIds.stream().filter(id -> !answersPerMessage.containsKey(id)).sorted().toList();
            throw new AssertionError(answered(messageIds) + " of " + messageIds.size() + " answered after " + atMost
                    + " (expected " + count + "); without an answer: " + missing, e);
        }
    }

    /** Answers beyond the first, over these messageIds. */
    int extraAnswers(Collection<String> messageIds) {
        int extra = 0;
        for (String id : messageIds) {
            AtomicInteger n = answersPerMessage.get(id);
            if (n != null && n.get() > 1) {
                extra += n.get() - 1;
            }
        }
        return extra;
    }

    List<String> unanswered(Collection<String> messageIds) {
        List<String> missing = new ArrayList<>();
        for (String id : messageIds) {
            if (!answersPerMessage.containsKey(id)) {
                missing.add(id);
            }
        }
        return missing;
    }

    Answer answer(String messageId) {
        return lastAnswer.get(messageId);
    }

    int readerReconnects() {
        return readerReconnects.get();
    }

    private void readAnswers() {
        while (running.get()) {
            AtomicBoolean broken = new AtomicBoolean();
            try (Connection c = factory.createConnection()) {
                c.setExceptionListener(e -> broken.set(true));
                c.start();
                Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue("ehr.outbound." + tenant));
                while (running.get() && !broken.get()) {
                    Message m = consumer.receive(500);
                    if (m instanceof TextMessage text) {
                        record(text.getText());
                    }
                }
                if (broken.get()) {
                    readerReconnects.incrementAndGet();
                }
            } catch (JMSException e) {
                readerReconnects.incrementAndGet();
                pause();
            } catch (RuntimeException e) {
                pause();
            }
        }
    }

    private void record(String text) {
        try {
            JsonNode body = json.readTree(text);
            String id = body.path("correlationId").asText();
            if (id.isEmpty()) {
                return;
            }
            answersPerMessage.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            lastAnswer.put(id, new Answer(id, body.path("type").asText(), body.path("data").path("errorCode").asText(null)));
        } catch (Exception e) {
            // not an answer of ours
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        reader.join(5000);
        factory.close();
    }
}
