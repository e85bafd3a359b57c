package io.fullscriptbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.Session;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisProperties;

/**
 * Dead letters and rejected bodies hold PHI: the broker drops them after bridge.retention.dead-letters, while the
 * bridge's working queues keep their messages however old they are.
 */
class DeadLetterRetentionTest {

    @Test
    void deadLettersAndRejectedBodiesExpireAfterTheRetentionPeriod() throws Exception {
        BridgeProperties bridge = new BridgeProperties();
        ArtemisProperties artemis = new ArtemisProperties();
        artemis.setUser("bridge");
        artemis.setPassword("bridge-password");
        BrokerProperties broker = new BrokerProperties();
        broker.setAcceptorPort(0);
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(false);
        // the broker's expiry scan, every 100 ms instead of every 30 s
        config.setMessageExpiryScanPeriod(100);
        new BrokerConfiguration().bridgeBrokerCustomizer(broker, bridge, artemis, new QueueNames(), Duration.ofMillis(500)).customize(config);
        EmbeddedActiveMQ server = new EmbeddedActiveMQ().setConfiguration(config)
                .setSecurityManager(new BrokerSecurity("bridge", "bridge-password", Map.of(), new QueueNames()).securityManager());
        server.start();
        try (Connection connection = new ActiveMQConnectionFactory(broker.acceptorUrl(), "bridge", "bridge-password").createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (String queue : new String[] {"DLQ.ehr.inbound", new QueueNames().getEhrInboundInvalid(), new QueueNames().getFullscriptEvents()}) {
                session.createProducer(session.createQueue(queue)).send(session.createTextMessage("{\"phi\":true}"));
            }
            Queue dlq = server.getActiveMQServer().locateQueue("DLQ.ehr.inbound");
            Queue invalid = server.getActiveMQServer().locateQueue(new QueueNames().getEhrInboundInvalid());
            Queue events = server.getActiveMQServer().locateQueue(new QueueNames().getFullscriptEvents());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(dlq.getMessageCount()).as("dead letters after their retention").isZero();
                assertThat(invalid.getMessageCount()).as("rejected bodies after their retention").isZero();
            });
            assertThat(events.getMessageCount()).as("work waiting for the bridge never expires").isEqualTo(1);
        } finally {
            server.stop();
        }
    }
}
