package io.fullscriptbridge.config;

import java.util.List;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded Artemis broker: a network acceptor for every EHR protocol, the bridge's queues, and explicit
 * dead-letter and redelivery settings for each of them (Artemis' defaults redeliver at once and drop the
 * message after the last attempt when no dead-letter address is set).
 */
@Configuration
@ConditionalOnProperty(name = "spring.artemis.embedded.enabled", havingValue = "true", matchIfMissing = true)
public class BrokerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BrokerConfiguration.class);

    @Bean
    ArtemisConfigurationCustomizer bridgeBrokerCustomizer(BrokerProperties broker, BridgeProperties bridge) {
        return config -> {
            String acceptor = broker.acceptorUrl() + "?protocols=" + broker.getProtocols();
            try {
                config.addAcceptorConfiguration("network", acceptor);
            } catch (Exception e) {
                throw new IllegalStateException("invalid broker acceptor " + acceptor, e);
            }
            config.setSecurityEnabled(false);
            config.setPersistDeliveryCountBeforeDelivery(true);
            config.setJMXManagementEnabled(false);

            for (String queue : List.of(Queues.EHR_INBOUND, Queues.EHR_INBOUND_INVALID, Queues.FULLSCRIPT_EVENTS)) {
                config.addAddressSetting(queue, deadLettered(broker.getRedelivery(), Queues.deadLetterOf(queue)));
                config.addQueueConfiguration(QueueConfiguration.of(queue).setRoutingType(RoutingType.ANYCAST).setDurable(true));
            }
            // both inbound stages dead-letter into DLQ.ehr.inbound: one place for ops to look
            config.addAddressSetting(Queues.EHR_INBOUND_ACCEPTED, deadLettered(broker.getRedelivery(), Queues.deadLetterOf(Queues.EHR_INBOUND)));
            config.addQueueConfiguration(QueueConfiguration.of(Queues.EHR_INBOUND_ACCEPTED).setRoutingType(RoutingType.ANYCAST).setDurable(true));
            config.addAddressSetting(Queues.FULLSCRIPT_REVOCATIONS,
                    deadLettered(broker.getRevocationRedelivery(), Queues.deadLetterOf(Queues.FULLSCRIPT_REVOCATIONS)));
            config.addQueueConfiguration(QueueConfiguration.of(Queues.FULLSCRIPT_REVOCATIONS).setRoutingType(RoutingType.ANYCAST).setDurable(true));
            // ehr.outbound.<tenant>: one queue per tenant, each with its own DLQ.ehr.outbound.<tenant>
            config.addAddressSetting(Queues.EHR_OUTBOUND_PREFIX + "#",
                    deadLettered(broker.getRedelivery(), Queues.deadLetterOf(Queues.EHR_OUTBOUND_PREFIX.substring(0, Queues.EHR_OUTBOUND_PREFIX.length() - 1)))
                            .setAutoCreateDeadLetterResources(true)
                            .setDeadLetterQueuePrefix(SimpleString.of(Queues.DLQ_PREFIX)));
            // dead letters wait for an operator: never dropped, never hammered
            config.addAddressSetting(Queues.DLQ_PREFIX + "#", new AddressSettings()
                    .setMaxDeliveryAttempts(-1)
                    .setRedeliveryDelay(broker.getRedelivery().getMaxDelay().toMillis()));
            for (String tenant : bridge.getTenants().keySet()) {
                String outbound = Queues.outboundFor(tenant);
                config.addQueueConfiguration(QueueConfiguration.of(outbound).setRoutingType(RoutingType.ANYCAST).setDurable(true));
            }
            log.info("embedded broker acceptor={} protocols={}", broker.acceptorUrl(), broker.getProtocols());
        };
    }

    private static AddressSettings deadLettered(BrokerProperties.Redelivery r, String deadLetterAddress) {
        return new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(deadLetterAddress))
                .setRedeliveryDelay(r.getInitialDelay().toMillis())
                .setRedeliveryMultiplier(r.getMultiplier())
                .setMaxRedeliveryDelay(r.getMaxDelay().toMillis())
                .setMaxDeliveryAttempts(r.getMaxAttempts())
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true);
    }
}
