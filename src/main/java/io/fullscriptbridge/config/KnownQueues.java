package io.fullscriptbridge.config;

import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jms.support.destination.DestinationResolver;
import org.springframework.jms.support.destination.DynamicDestinationResolver;
import org.springframework.stereotype.Component;

/**
 * Resolves the JMS destination of every send of the routes (camel.component.jms.destination-resolver). Artemis'
 * {@code Session.createQueue} asks the broker whether the queue exists, a blocking round trip, on every call; Spring
 * calls it for every send. That was a wait on the broker's busy thread per message in each inbound stage (D89).
 * <p>
 * The bridge's own queues and the tenants' outbound queues (fixed by the configuration, created at start, re-created
 * on demand by their address settings) are resolved once and kept. Any other name (an EHR's reply queue) is resolved,
 * and so checked by the broker, on every send, and never kept: a tenant naming ever new reply queues grows nothing.
 */
@Component("knownQueues")
public class KnownQueues implements DestinationResolver {

    private final DestinationResolver broker = new DynamicDestinationResolver();
    private final Set<String> known;
    private final Map<String, Destination> resolved = new ConcurrentHashMap<>();

    public KnownQueues(QueueNames queues, TenantDirectory tenants) {
        Set<String> names = new HashSet<>(Set.of(queues.getEhrInbound(), queues.getEhrInboundAccepted(), queues.getEhrInboundInvalid(),
                queues.getFullscriptEvents(), queues.getFullscriptRevocations(), queues.getUnrouted()));
        tenants.tenants().forEach(tenant -> names.add(queues.outboundFor(tenant)));
        this.known = Set.copyOf(names);
    }

    @Override
    public Destination resolveDestinationName(Session session, String name, boolean pubSubDomain) throws JMSException {
        if (pubSubDomain || !known.contains(name)) {
            return broker.resolveDestinationName(session, name, pubSubDomain);
        }
        Destination destination = resolved.get(name);
        if (destination == null) {
            destination = broker.resolveDestinationName(session, name, false);
            resolved.put(name, destination);
        }
        return destination;
    }
}
