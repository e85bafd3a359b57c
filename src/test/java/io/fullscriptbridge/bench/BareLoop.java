package io.fullscriptbridge.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The bare limit the bridge is compared with: plain JMS consumers (Artemis' CORE client, transacted sessions) on the
 * same broker, each message answered on an outbound queue in the same transaction, with the Fullscript calls the
 * bridge would make made by a plain HTTP client on the same simulator: for an unknown patient the metadata lookup,
 * the e-mail search and the create; for a known patient whose demographics differ one PATCH; otherwise none. Known
 * patients live in a map: no database, no journal, no idempotency key.
 */
final class BareLoop implements AutoCloseable {

    static final String INBOUND = "bench.bare.inbound";
    static final String OUTBOUND = "bench.bare.outbound";

    private record Known(String fullscriptId, String demographics) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final String apiBase;
    private final String token;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running = true;
    private volatile String lastFailure;

    BareLoop(int brokerPort, String user, String password, String apiBase, String token, int consumers) throws JMSException {
        this.apiBase = apiBase;
        this.token = token;
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort, user, password);
        for (int i = 0; i < consumers; i++) {
            Connection connection = factory.createConnection();
            connections.add(connection);
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(session.createQueue(INBOUND));
            MessageProducer producer = session.createProducer(session.createQueue(OUTBOUND));
            connection.start();
            Thread thread = new Thread(() -> consume(session, consumer, producer), "bare-loop-" + i);
            threads.add(thread);
            thread.start();
        }
    }

    long failures() {
        return failures.get();
    }

    /** " (last: …)" naming the last failure, or empty. */
    String lastFailure() {
        return lastFailure == null ? "" : " (last: " + lastFailure + ")";
    }

    private void consume(Session session, MessageConsumer consumer, MessageProducer producer) {
        while (running) {
            try {
                Message message = consumer.receive(100);
                if (message == null) {
                    continue;
                }
                try {
                    String answer = handle(((TextMessage) message).getText());
                    TextMessage reply = session.createTextMessage(answer);
                    reply.setStringProperty("type", "patient.linked");
                    reply.setStringProperty("correlationId", message.getStringProperty("messageId"));
                    producer.send(reply);
                    session.commit();
                } catch (IOException | RuntimeException e) {
                    failures.incrementAndGet();
                    lastFailure = e.toString();
                    session.rollback();
                }
            } catch (JMSException e) {
                if (running) {
                    failures.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String handle(String body) throws IOException, InterruptedException {
        JsonNode patient = json.readTree(body).path("patient");
        String ehrId = patient.path("id").asText();
        String demographics = patient.toString();
        Known before = known.get(ehrId);
        String fullscriptId;
        if (before == null) {
            call("GET", "/api/clinic/metadata?type=patient&id=" + encode(ehrId), null);
            call("GET", "/api/clinic/search/patients?patient_type=all&query=" + encode(patient.path("email").asText()), null);
            JsonNode created = call("POST", "/api/clinic/patients", fullscriptPatient(patient, ehrId));
            fullscriptId = created.path("patient").path("id").asText();
        } else if (!before.demographics().equals(demographics)) {
            fullscriptId = before.fullscriptId();
            call("PATCH", "/api/clinic/patients/" + fullscriptId, fullscriptPatient(patient, null));
        } else {
            fullscriptId = before.fullscriptId();
        }
        known.put(ehrId, new Known(fullscriptId, demographics));
        return "{\"type\":\"patient.linked\",\"data\":{\"ehrPatientId\":\"" + ehrId + "\",\"fullscriptPatientId\":\"" + fullscriptId + "\"}}";
    }

    private ObjectNode fullscriptPatient(JsonNode patient, String metadataId) {
        ObjectNode body = json.createObjectNode();
        body.put("first_name", patient.path("firstName").asText());
        body.put("last_name", patient.path("lastName").asText());
        body.put("email", patient.path("email").asText());
        body.put("date_of_birth", patient.path("dateOfBirth").asText());
        body.put("gender", patient.path("gender").asText());
        body.put("mobile_number", patient.path("mobile").asText());
        if (metadataId != null) {
            body.put("send_welcome_email", false);
            body.putObject("metadata").put("id", metadataId);
        }
        return body;
    }

    private JsonNode call(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiBase + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path.replaceAll("\\?.*", "") + " answered " + response.statusCode());
        }
        return json.readTree(response.body());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        running = false;
        for (Thread thread : threads) {
            thread.join(5_000);
        }
        for (Connection connection : connections) {
            connection.close();
        }
    }
}
