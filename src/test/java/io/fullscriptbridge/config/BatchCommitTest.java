package io.fullscriptbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import io.fullscriptbridge.support.BridgeIntegrationTest;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/**
 * The batch-commit listener container (D81) on the real embedded broker: messages that were waiting are committed
 * together (a message's predecessors in the batch have not been published yet while it runs), and a failing message
 * rolls its batch back without taking any batch-mate to the dead-letter queue or publishing anything twice. On both
 * containers a route's send belongs to the consume's transaction.
 */
@BridgeIntegrationTest
class BatchCommitTest {

    @Autowired CamelContext camel;
    @Autowired EmbeddedActiveMQ artemis;
    @Autowired JmsTemplate jms;

    private final String in = "test.batch." + UUID.randomUUID() + ".in";
    private final String out = in.replace(".in", ".out");
    private final String dlq = in.replace(".in", ".dlq");
    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    private String routeId;

    @AfterEach
    void removeRoute() throws Exception {
        if (routeId != null) {
            camel.getRouteController().stopRoute(routeId);
            camel.removeRoute(routeId);
        }
    }

    @Test
    void waitingMessagesAreCommittedTogether() throws Exception {
        prepareQueues(5);
        for (int i = 0; i < 30; i++) {
            jms.convertAndSend(in, "m" + i);
        }
        startRoute();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(out) == 30);
        // each processed message noted how many answers the broker already held: with one commit per message that is
        // always its own position; inside a batch the earlier messages' answers are not committed yet
        long insideABatch = seen.stream().filter(s -> {
            String[] parts = s.split(":");
            return Long.parseLong(parts[1]) < Long.parseLong(parts[0].substring(1));
        }).count();
        assertThat(insideABatch).as("messages processed while earlier ones were still uncommitted: " + seen).isPositive();
    }

    @Test
    void aFailingMessageRollsBackItsBatchButOnlyItselfIsDeadLettered() throws Exception {
        prepareQueues(3);
        for (int i = 0; i < 20; i++) {
            jms.convertAndSend(in, i == 10 ? "poison" : "m" + i);
        }
        startRoute();
        await().atMost(Duration.ofSeconds(60)).until(() -> count(dlq) == 1 && count(out) == 19);
        assertThat(((jakarta.jms.TextMessage) jms.receive(dlq)).getText()).isEqualTo("poison");
        List<String> published = new ArrayList<>();
        jakarta.jms.Message m;
        jms.setReceiveTimeout(500);
        while ((m = jms.receive(out)) != null) {
            published.add(((jakarta.jms.TextMessage) m).getText());
        }
        assertThat(published).as("every good message published exactly once").hasSize(19).doesNotHaveDuplicates()
                .doesNotContain("poison");
    }

    /** Both inbound stages rely on it (D80): an answer sent before a later step fails must not reach anyone. */
    @Test
    void aSendInARouteCommitsWithItsConsumeOnTheDefaultContainerToo() throws Exception {
        prepareQueues(3);
        routeId = "batch-commit-test-" + UUID.randomUUID();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("jms:queue:" + in).routeId(routeId)
                        .to("jms:queue:" + out)
                        .process(exchange -> {
                            throw new IllegalStateException("a step after the send fails");
                        });
            }
        });
        jms.convertAndSend(in, "m0");
        await().atMost(Duration.ofSeconds(30)).until(() -> count(dlq) == 1);
        assertThat(count(out)).as("sends of the three rolled-back deliveries").isZero();
    }

    private void startRoute() throws Exception {
        routeId = "batch-commit-test-" + UUID.randomUUID();
        Queue outQueue = artemis.getActiveMQServer().locateQueue(out);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("jms:queue:" + in + "?consumerType=Custom&messageListenerContainerFactory=#batchCommitListeners"
                        + "&concurrentConsumers=1&maxConcurrentConsumers=1")
                        .routeId(routeId)
                        .process(exchange -> {
                            String body = exchange.getMessage().getBody(String.class);
                            if ("poison".equals(body)) {
                                throw new IllegalStateException("cannot be processed");
                            }
                            seen.add(body + ":" + outQueue.getMessageCount());
                        })
                        .to("jms:queue:" + out);
            }
        });
    }

    private void prepareQueues(int maxDeliveryAttempts) throws Exception {
        var server = artemis.getActiveMQServer();
        server.getAddressSettingsRepository().addMatch(in, new AddressSettings()
                .setMaxDeliveryAttempts(maxDeliveryAttempts).setRedeliveryDelay(200)
                .setDeadLetterAddress(SimpleString.of(dlq)));
        for (String queue : List.of(in, out, dlq)) {
            server.createQueue(QueueConfiguration.of(queue).setRoutingType(RoutingType.ANYCAST).setDurable(true));
        }
    }

    private long count(String queue) {
        Queue q = artemis.getActiveMQServer().locateQueue(queue);
        return q == null ? 0 : q.getMessageCount();
    }
}
