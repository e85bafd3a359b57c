package io.fullscriptbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.fullscriptbridge.support.BridgeIntegrationTest;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The routes' sends look a queue up at the broker once when it is one of the bridge's own or a tenant's outbound
 * queue, and every time otherwise (an EHR's reply queue), so nothing a tenant names is kept (D89).
 */
@BridgeIntegrationTest
class KnownQueuesTest {

    @Autowired CamelContext camel;
    @Autowired KnownQueues knownQueues;
    @Autowired TenantDirectory tenants;

    @Test
    void theRoutesSendsResolveTheirQueuesThroughIt() {
        assertThat(camel.getComponent("jms", JmsComponent.class).getConfiguration().getDestinationResolver()).isSameAs(knownQueues);
    }

    @Test
    void aKnownQueueIsAskedForOnceAReplyQueueEveryTime() throws Exception {
        KnownQueues fresh = new KnownQueues(new QueueNames(), tenants);
        Session session = mock(Session.class);
        Queue accepted = mock(Queue.class);
        Queue reply = mock(Queue.class);
        when(session.createQueue("ehr.inbound.accepted")).thenReturn(accepted);
        when(session.createQueue("ehr.outbound.demo")).thenReturn(mock(Queue.class));
        when(session.createQueue("ehr.reply.demo.inbox")).thenReturn(reply);

        for (int i = 0; i < 3; i++) {
            assertThat(fresh.resolveDestinationName(session, "ehr.inbound.accepted", false)).isSameAs(accepted);
            fresh.resolveDestinationName(session, "ehr.outbound.demo", false);
            assertThat(fresh.resolveDestinationName(session, "ehr.reply.demo.inbox", false)).isSameAs(reply);
        }

        verify(session, times(1)).createQueue("ehr.inbound.accepted");
        verify(session, times(1)).createQueue("ehr.outbound.demo");
        verify(session, times(3)).createQueue("ehr.reply.demo.inbox");
    }
}
