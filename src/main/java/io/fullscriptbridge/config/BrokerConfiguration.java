package io.fullscriptbridge.config;

import java.time.Duration;
import java.util.List;

import java.util.Map;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.DivertConfiguration;
import org.apache.activemq.artemis.core.config.TransformerConfiguration;
import org.apache.activemq.artemis.core.server.ComponentConfigurationRoutingType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.server.transformer.AddHeadersTransformer;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.connection.CachingConnectionFactory;

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
    ArtemisConfigurationCustomizer bridgeBrokerCustomizer(BrokerProperties broker, BridgeProperties bridge, ArtemisProperties artemis,
                                                          QueueNames queues, @Value("${bridge.retention.dead-letters:14d}") Duration deadLetterRetention) {
        return config -> {
            // amqpMinLargeMessageSize=-1: AMQP messages are never stored as large messages. A divert's transformer cannot
            // change a large AMQP message's properties (its copy is re-read from the file), so a sender's own
            // authenticatedTenant would survive there (found by TenantTrustTest; decision D24).
            String acceptor = broker.acceptorUrl() + "?protocols=" + broker.getProtocols() + ";amqpMinLargeMessageSize=-1";
            try {
                config.addAcceptorConfiguration("network", acceptor);
            } catch (Exception e) {
                throw new IllegalStateException("invalid broker acceptor " + acceptor, e);
            }
            BrokerSecurity security = security(artemis, bridge, queues);
            config.setSecurityEnabled(true);
            security.securitySettings().forEach(config::putSecurityRoles);
            config.setPersistDeliveryCountBeforeDelivery(true);
            config.setJMXManagementEnabled(false);

            for (String queue : List.of(queues.getEhrInbound(), queues.getEhrInboundInvalid(), queues.getFullscriptEvents())) {
                config.addAddressSetting(queue, deadLettered(broker.getRedelivery(), QueueNames.deadLetterOf(queue)));
                config.addQueueConfiguration(QueueConfiguration.of(queue).setRoutingType(RoutingType.ANYCAST).setDurable(true));
            }
            // rejected bodies (PHI) are kept bridge.retention.dead-letters, then dropped (no expiry address)
            config.getAddressSettings().get(queues.getEhrInboundInvalid()).setExpiryDelay(deadLetterRetention.toMillis());
            // both inbound stages dead-letter into DLQ.ehr.inbound: one place for ops to look
            // the per-patient stage's consumers take one message at a time (no client-side buffer): a message of a
            // tenant without a backlog, sent at a higher priority, goes to the next free consumer (D84)
            config.addAddressSetting(queues.getEhrInboundAccepted(), deadLettered(broker.getRedelivery(), QueueNames.deadLetterOf(queues.getEhrInbound()))
                    .setDefaultConsumerWindowSize(0));
            config.addQueueConfiguration(QueueConfiguration.of(queues.getEhrInboundAccepted()).setRoutingType(RoutingType.ANYCAST).setDurable(true));
            config.addAddressSetting(queues.getFullscriptRevocations(),
                    deadLettered(broker.getRevocationRedelivery(), QueueNames.deadLetterOf(queues.getFullscriptRevocations())));
            config.addQueueConfiguration(QueueConfiguration.of(queues.getFullscriptRevocations()).setRoutingType(RoutingType.ANYCAST).setDurable(true));
            // ehr.outbound.<tenant>: one queue per tenant, each with its own DLQ.ehr.outbound.<tenant>
            config.addAddressSetting(queues.getEhrOutboundPrefix() + "#",
                    deadLettered(broker.getRedelivery(), QueueNames.deadLetterOf(QueueNames.withoutDot(queues.getEhrOutboundPrefix())))
                            .setAutoCreateDeadLetterResources(true)
                            .setDeadLetterQueuePrefix(SimpleString.of(Queues.DLQ_PREFIX)));
            // dead letters wait for an operator: never dropped, never hammered
            // ... for bridge.retention.dead-letters: they hold PHI, then expire with no expiry address (dropped)
            // The dead-letter queues exist from the start: the broker drops a message whose dead-letter address has no
            // queue ("has no bindings so dropping it"), and nothing else creates them before the first dead letter (D51)
            for (String queue : List.of(queues.getEhrInbound(), queues.getEhrInboundInvalid(), queues.getFullscriptEvents(), queues.getFullscriptRevocations())) {
                config.addQueueConfiguration(QueueConfiguration.of(QueueNames.deadLetterOf(queue)).setRoutingType(RoutingType.ANYCAST).setDurable(true));
            }
            config.addAddressSetting(Queues.DLQ_PREFIX + "#", new AddressSettings()
                    .setMaxDeliveryAttempts(-1)
                    .setRedeliveryDelay(broker.getRedelivery().getMaxDelay().toMillis())
                    .setExpiryDelay(deadLetterRetention.toMillis()));
            for (String tenant : bridge.getTenants().keySet()) {
                String outbound = queues.outboundFor(tenant);
                config.addQueueConfiguration(QueueConfiguration.of(outbound).setRoutingType(RoutingType.ANYCAST).setDurable(true));
                addTenantInbound(config, queues, tenant);
            }
            // reply queues EHRs create for themselves (JMSReplyTo): created on demand, dead letters kept apart
            config.addAddressSetting(queues.getEhrReplyPrefix() + "#",
                    deadLettered(broker.getRedelivery(), QueueNames.deadLetterOf(QueueNames.withoutDot(queues.getEhrReplyPrefix())))
                            .setAutoCreateDeadLetterResources(true)
                            .setDeadLetterQueuePrefix(SimpleString.of(Queues.DLQ_PREFIX)));
            log.info("embedded broker acceptor={} protocols={}", broker.acceptorUrl(), broker.getProtocols());
        };
    }

    /**
     * ehr.inbound.&lt;tenant&gt; (anycast for queue clients, multicast for MQTT topics): only the tenant's users may send
     * there. An exclusive divert moves every message on to ehr.inbound and stamps the tenant on it, overwriting a
     * property of the same name the sender may have set. The address keeps an (always empty) queue so that JMS
     * producers, which check for a queue, need no right to create one.
     */
    private static void addTenantInbound(org.apache.activemq.artemis.core.config.Configuration config, QueueNames queues, String tenant) {
        String address = queues.inboundFor(tenant);
        config.addAddressConfiguration(new CoreAddressConfiguration().setName(address)
                .addRoutingType(RoutingType.ANYCAST).addRoutingType(RoutingType.MULTICAST)
                .addQueueConfiguration(QueueConfiguration.of(address).setAddress(address).setRoutingType(RoutingType.ANYCAST).setDurable(true)));
        config.addDivertConfiguration(new DivertConfiguration()
                .setName("ehr-inbound-from-" + tenant)
                .setAddress(address)
                .setForwardingAddress(queues.getEhrInbound())
                .setExclusive(true)
                .setRoutingType(ComponentConfigurationRoutingType.ANYCAST)
                .setTransformerConfiguration(new TransformerConfiguration(AddHeadersTransformer.class.getName())
                        .setProperties(Map.of(Queues.AUTHENTICATED_TENANT, tenant))));
    }

    private static BrokerSecurity security(ArtemisProperties artemis, BridgeProperties bridge, QueueNames queues) {
        return new BrokerSecurity(artemis.getUser(), artemis.getPassword(), bridge.getTenants(), queues);
    }

    /**
     * Spring Boot's embedded broker has no security manager of ours, and its in-VM connection factory no user: this
     * gives the broker its users (before it starts) and the application's connection factory the bridge's user.
     */
    @Bean
    static BeanPostProcessor bridgeBrokerSecurity(ObjectProvider<ArtemisProperties> artemis, ObjectProvider<BridgeProperties> bridge,
                                                  ObjectProvider<QueueNames> queues) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof EmbeddedActiveMQ embedded) {
                    embedded.setSecurityManager(security(artemis.getObject(), bridge.getObject(), queues.getObject()).securityManager());
                }
                ActiveMQConnectionFactory factory = bean instanceof ActiveMQConnectionFactory f ? f
                        : bean instanceof CachingConnectionFactory c && c.getTargetConnectionFactory() instanceof ActiveMQConnectionFactory f ? f : null;
                if (factory != null && factory.getUser() == null) {
                    factory.setUser(artemis.getObject().getUser());
                    factory.setPassword(artemis.getObject().getPassword());
                }
                return bean;
            }
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
