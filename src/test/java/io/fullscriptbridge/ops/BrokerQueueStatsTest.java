package io.fullscriptbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.fullscriptbridge.support.BridgeIntegrationTest;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/** Ops see how many messages wait in each bridge queue and dead-letter queue, and for how long the oldest has. */
@BridgeIntegrationTest
class BrokerQueueStatsTest {

    private static final String PROBE_QUEUE = "DLQ.ehr.queue-stats-probe";

    @Autowired BrokerQueueStats stats;
    @Autowired MeterRegistry meters;
    @Autowired JmsTemplate jms;

    @Test
    void aDeadLetterShowsAsDepthAndAgeUntilItIsTakenAway() {
        jms.convertAndSend(PROBE_QUEUE, "{\"probe\":true}");
        jms.convertAndSend(PROBE_QUEUE, "{\"probe\":true}");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            stats.refresh();
            assertThat(gauge("bridge.broker.queue.depth")).isEqualTo(2.0);
            assertThat(gauge("bridge.broker.queue.oldest.age")).as("seconds the oldest has waited").isGreaterThan(0.5);
        });
        assertThat(meters.find("bridge.broker.queue.added").tag("queue", PROBE_QUEUE).functionCounter().count()).isEqualTo(2.0);
        assertThat(meters.find("bridge.broker.queue.stats.up").gauge().value()).isEqualTo(1.0);
        assertThat(meters.find("bridge.broker.queue.consumers").tag("queue", "ehr.inbound").gauge().value())
                .as("the first inbound stage consumes").isPositive();

        jms.setReceiveTimeout(2000);
        assertThat(jms.receive(PROBE_QUEUE)).isNotNull();
        assertThat(jms.receive(PROBE_QUEUE)).isNotNull();
        stats.refresh();
        assertThat(gauge("bridge.broker.queue.depth")).isZero();
        assertThat(gauge("bridge.broker.queue.oldest.age")).isZero();
    }

    private double gauge(String name) {
        Gauge gauge = meters.find(name).tag("queue", PROBE_QUEUE).gauge();
        assertThat(gauge).as(name + " for " + PROBE_QUEUE).isNotNull();
        return gauge.value();
    }
}
