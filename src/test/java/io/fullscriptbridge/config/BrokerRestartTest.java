package io.fullscriptbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.fullscriptbridge.BridgeApplication;
import io.fullscriptbridge.support.AmqpClient;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A restart of the bridge loses nothing: the embedded broker keeps persistent messages in its journal, and the
 * events poll keeps its cursors in the database.
 */
class BrokerRestartTest {

    private static final int MESSAGES = 200;

    @TempDir
    Path dataDir;

    @Test
    void pendingPersistentMessagesAndThePollCursorsSurviveARestart() throws Exception {
        String batch = UUID.randomUUID().toString();
        String queue = new QueueNames().outboundFor("demo");

        java.util.List<String> cursorsBefore;
        try (ConfigurableApplicationContext first = start()) {
            first.getBean(io.fullscriptbridge.events.EventPoller.class).pollAll();
            cursorsBefore = cursors(first);
            assertThat(cursorsBefore).as("both seeded clinics, three streams").hasSize(6);
            int port = first.getBean(BrokerProperties.class).resolvedPort();
            try (AmqpClient ehr = AmqpClient.as("bridge", port)) {
                ehr.sendAll(queue, IntStream.range(0, MESSAGES)
                        .mapToObj(i -> new AmqpClient.Outgoing("{\"seq\":" + i + "}", Map.of("batch", batch, "seq", String.valueOf(i))))
                        .toList());
            }
        }

        Set<Integer> received = new HashSet<>();
        try (ConfigurableApplicationContext second = start()) {
            assertThat(cursors(second)).isEqualTo(cursorsBefore);
            int port = second.getBean(BrokerProperties.class).resolvedPort();
            // one consumer for the whole batch (a consumer per message with a selector scans the queue each time)
            try (AmqpClient ehr = AmqpClient.as("demo", port);
                 MessageConsumer consumer = ehr.consumer(queue, "batch = '" + batch + "'")) {
                Message m;
                while (received.size() < MESSAGES && (m = consumer.receive(5_000)) != null) {
                    received.add(Integer.parseInt(m.getStringProperty("seq")));
                }
            }
        }
        assertThat(received).isEqualTo(IntStream.range(0, MESSAGES).boxed().collect(Collectors.toSet()));
    }

    private static java.util.List<String> cursors(ConfigurableApplicationContext context) {
        return context.getBean(io.fullscriptbridge.events.PollCursorRepository.class).findAll().stream()
                .map(c -> c.getClinicId() + "/" + c.getStream() + "=" + c.getPolledUntil()).sorted().toList();
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(BridgeApplication.class)
                .profiles("test")
                .run("--bridge.data-dir=" + dataDir,
                        "--server.port=0",
                        "--camel.main.name=broker-restart-test",
                        "--spring.artemis.embedded.persistent=true",
                        "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
    }
}
