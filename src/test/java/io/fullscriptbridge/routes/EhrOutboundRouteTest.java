package io.fullscriptbridge.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.util.List;

import io.fullscriptbridge.ehr.EhrOutbound;
import io.fullscriptbridge.ehr.EhrReplyQueue;
import io.fullscriptbridge.ehr.InboundContext;
import io.fullscriptbridge.ehr.OutboundEvent;
import io.fullscriptbridge.ehr.OutboundPublisher;
import io.fullscriptbridge.ehr.ReplyDestinations;
import io.fullscriptbridge.ops.MessageJournal;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routes/ehr-outbound.camel.yaml on its own: an event is journalled, prepared (outboundPublisher names the checked
 * queue in CamelJmsDestinationName) and sent once to the fixed endpoint; a request that named a reply queue gets a
 * second copy through ehr-reply. Run alone: {@code mvn -q test -Dtest=EhrOutboundRouteTest}.
 */
class EhrOutboundRouteTest {

    private final MessageJournal journal = mock(MessageJournal.class);
    private final OutboundPublisher publisher = mock(OutboundPublisher.class);
    private RouteHarness routes;

    @BeforeEach
    void start() throws Exception {
        doAnswer(call -> {
            Exchange exchange = call.getArgument(0);
            OutboundEvent event = exchange.getMessage().getBody(OutboundEvent.class);
            exchange.getMessage().setHeader(ReplyDestinations.DESTINATION_NAME, "ehr.outbound." + event.tenant());
            exchange.getMessage().setBody("{\"type\":\"" + event.type() + "\"}");
            return null;
        }).when(publisher).prepare(any());
        doAnswer(call -> {
            Exchange exchange = call.getArgument(0);
            exchange.getMessage().setHeader(ReplyDestinations.DESTINATION_NAME, InboundContext.of(exchange).getReplyTo());
            return null;
        }).when(publisher).toReplyQueue(any());
        // the real predicate: it reads only the exchange's InboundContext
        doCallRealMethod().when(publisher).wantsReply(any());
        routes = RouteHarness.of("ehr-outbound.camel.yaml")
                .bind("messageJournal", journal)
                .bind("outboundPublisher", publisher)
                .start();
    }

    @AfterEach
    void stop() {
        routes.close();
    }

    @Test
    void anEventGoesToTheTenantsOutboundQueueOnce() throws Exception {
        routes.entry(EhrOutbound.class).publish(OutboundEvent.of("patient.linked", "m-1", "demo", List.of()));

        List<Exchange> sent = routes.queue("bridge.unrouted");
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).getMessage().getHeader(ReplyDestinations.DESTINATION_NAME)).isEqualTo("ehr.outbound.demo");
        assertThat(sent.get(0).getMessage().getBody(String.class)).contains("patient.linked");
        verify(journal).outbound(any());
    }

    @Test
    void aRequestThatNamedAReplyQueueGetsItsAnswerThereToo() {
        routes.camel.createProducerTemplate().send("direct:ehr-outbound", exchange -> {
            InboundContext.of(exchange).keepReplyTo("ehr.reply.demo.inbox");
            exchange.getMessage().setBody(OutboundEvent.of("patient.linked", "m-2", "demo", List.of()));
        });

        assertThat(routes.queue("bridge.unrouted")).extracting(e -> e.getMessage().getHeader(ReplyDestinations.DESTINATION_NAME))
                .containsExactly("ehr.outbound.demo", "ehr.reply.demo.inbox");
    }

    @Test
    void anHl7AckGoesOnlyToTheCheckedReplyQueue() {
        routes.entry(EhrReplyQueue.class).send("MSH|^~\\&|ACK", "ehr.reply.demo.acks", "x-application/hl7-v2+er7");

        List<Exchange> sent = routes.queue("bridge.unrouted");
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).getMessage().getHeader(ReplyDestinations.DESTINATION_NAME)).isEqualTo("ehr.reply.demo.acks");
        assertThat(sent.get(0).getMessage().getHeader("contentType")).isEqualTo("x-application/hl7-v2+er7");
    }
}
