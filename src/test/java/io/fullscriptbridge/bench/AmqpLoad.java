package io.fullscriptbridge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.qpid.jms.JmsConnectionFactory;

import static org.awaitility.Awaitility.await;

/**
 * An EHR's side of a run over AMQP 1.0 (Qpid JMS): persistent sends to an inbound queue, the answers read from an
 * outbound queue and matched by their correlationId. One instance per (broker user, inbound, outbound).
 */
final class AmqpLoad implements AutoCloseable {

    /**
     * What one run of messages gave: wall time from the first send to the last answer, latencies, answer types, and
     * the time from the first send to the last send's return (the producer's side: an async send only waits for credit).
     */
    record Result(int messages, double seconds, Stats latency, Map<String, Integer> answerTypes, int unanswered, double sendSeconds,
                  List<double[]> timeline) {
        double perSecond() {
            return messages / seconds;
        }

        /** Each answered message as "ms after the first send,latency ms", in sending order: where in a run the slow ones are. */
        void writeTimeline(java.nio.file.Path file) throws java.io.IOException {
            List<String> lines = new ArrayList<>(List.of("sent_ms,latency_ms"));
            timeline.forEach(t -> lines.add(String.format(java.util.Locale.ROOT, "%.3f,%.3f", t[0], t[1])));
            java.nio.file.Files.write(file, lines);
        }
    }

    private final Connection sending;
    private final Session sendSession;
    private final MessageProducer producer;
    private final Connection receiving;
    private final Map<String, Long> sent = new ConcurrentHashMap<>();
    private final Map<String, Long> answered = new ConcurrentHashMap<>();
    private final Map<String, String> answerTypes = new ConcurrentHashMap<>();
    private final String ehrUserId;
    private volatile long lastSendReturned;

    AmqpLoad(int port, String user, String password, String inbound, String outbound, String ehrUserId) throws JMSException {
        this.ehrUserId = ehrUserId;
        // async persistent sends: the producer does not wait for each journal write (the consumer side is measured)
        JmsConnectionFactory factory = new JmsConnectionFactory(user, password, "amqp://127.0.0.1:" + port + "?jms.forceAsyncSend=true");
        sending = factory.createConnection();
        sendSession = sending.createSession(false, Session.AUTO_ACKNOWLEDGE);
        producer = sendSession.createProducer(sendSession.createQueue(inbound));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        receiving = factory.createConnection();
        Session receiveSession = receiving.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = receiveSession.createConsumer(receiveSession.createQueue(outbound));
        consumer.setMessageListener(message -> {
            long now = System.nanoTime();
            try {
                String correlationId = message.getStringProperty("correlationId");
                if (correlationId != null && answered.putIfAbsent(correlationId, now) == null) {
                    String type = message.getStringProperty("type");
                    answerTypes.put(correlationId, type == null ? "?" : type);
                }
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        receiving.start();
    }

    /** Sends every body at once (a burst) and waits for all answers. */
    Result burst(String runId, List<String> bodies, Duration timeout) throws JMSException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            String messageId = runId + "-" + i;
            ids.add(messageId);
            send(messageId, bodies.get(i));
        }
        lastSendReturned = System.nanoTime();
        return awaitAnswers(ids, timeout);
    }

    /** Sends the bodies at a steady rate (round robin over the list) for the duration, then waits for the answers. */
    Result steady(String runId, List<String> bodies, int perSecond, Duration duration, Duration timeout) throws JMSException {
        int total = (int) (perSecond * duration.toMillis() / 1000);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            ids.add(runId + "-" + i);
        }
        AtomicInteger next = new AtomicInteger();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        try {
            long periodNanos = 1_000_000_000L / perSecond;
            pacer.scheduleAtFixedRate(() -> {
                int i = next.getAndIncrement();
                if (i >= total) {
                    return;
                }
                try {
                    send(ids.get(i), bodies.get(i % bodies.size()));
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            }, 0, periodNanos, TimeUnit.NANOSECONDS);
            await("all " + total + " paced sends").atMost(duration.plusSeconds(60)).until(() -> sent.keySet().containsAll(ids));
            lastSendReturned = System.nanoTime();
        } finally {
            pacer.shutdownNow();
        }
        return awaitAnswers(ids, timeout);
    }

    private void send(String messageId, String body) throws JMSException {
        TextMessage message = sendSession.createTextMessage(body);
        message.setStringProperty("ehrUserId", ehrUserId);
        message.setStringProperty("messageId", messageId);
        sent.put(messageId, System.nanoTime());
        producer.send(message);
    }

    private Result awaitAnswers(List<String> ids, Duration timeout) {
        try {
            await("answers to " + ids.size() + " messages").atMost(timeout).pollInterval(Duration.ofMillis(50))
                    .until(() -> answered.keySet().containsAll(ids));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported as unanswered below
        }
        long first = ids.stream().mapToLong(sent::get).min().orElse(0);
        long last = Long.MIN_VALUE;
        List<double[]> timeline = new ArrayList<>();
        Map<String, Integer> types = new TreeMap<>();
        int unanswered = 0;
        for (String id : ids) {
            Long s = sent.get(id);
            Long a = answered.get(id);
            if (a == null) {
                unanswered++;
                continue;
            }
            last = Math.max(last, a);
            timeline.add(new double[] {(s - first) / 1e6, (a - s) / 1e6});
            types.merge(answerTypes.get(id), 1, Integer::sum);
        }
        int done = ids.size() - unanswered;
        Stats latency = Stats.ofMillis(timeline.stream().map(t -> t[1]).toList());
        return new Result(done, (last - first) / 1e9, latency, types, unanswered, (lastSendReturned - first) / 1e9, timeline);
    }

    @Override
    public void close() throws JMSException {
        sending.close();
        receiving.close();
    }
}
