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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The embedded broker keeps persistent messages in its journal: a restart of the bridge loses none. */
class BrokerRestartTest {

    private static final int MESSAGES = 200;

    @TempDir
    Path dataDir;

    @Test
    void pendingPersistentMessagesSurviveARestart() throws Exception {
        String batch = UUID.randomUUID().toString();
        String queue = Queues.outboundFor("demo");

        try (ConfigurableApplicationContext first = start()) {
            int port = first.getBean(BrokerProperties.class).resolvedPort();
            try (AmqpClient ehr = new AmqpClient(port)) {
                for (int i = 0; i < MESSAGES; i++) {
                    ehr.send(queue, "{\"seq\":" + i + "}", Map.of("batch", batch, "seq", String.valueOf(i)));
                }
            }
        }

        Set<Integer> received = new HashSet<>();
        try (ConfigurableApplicationContext second = start()) {
            int port = second.getBean(BrokerProperties.class).resolvedPort();
            try (AmqpClient ehr = new AmqpClient(port)) {
                Message m;
                while ((m = ehr.receive(queue, "batch = '" + batch + "'", 5_000)) != null) {
                    received.add(Integer.parseInt(m.getStringProperty("seq")));
                }
            }
        }
        assertThat(received).isEqualTo(IntStream.range(0, MESSAGES).boxed().collect(Collectors.toSet()));
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(BridgeApplication.class)
                .profiles("test")
                .run("--bridge.data-dir=" + dataDir,
                        "--server.port=0",
                        "--camel.main.name=broker-restart-test",
                        "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
    }
}
