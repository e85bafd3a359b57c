package io.fullscriptbridge.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.fullscriptbridge.crossindex.PatientLinker;
import io.fullscriptbridge.crossindex.PatientOrderGuard;
import io.fullscriptbridge.crossindex.TreatmentPlanLinker;
import io.fullscriptbridge.ehr.EhrIngress;
import io.fullscriptbridge.ehr.InboundContext;
import io.fullscriptbridge.ehr.InboundEnvelope;
import io.fullscriptbridge.ehr.MessageType;
import io.fullscriptbridge.ehr.PatientMessage;
import io.fullscriptbridge.ehr.InboundMessageReader;
import io.fullscriptbridge.ehr.OutboundEvent;
import io.fullscriptbridge.ehr.OutboundEvents;
import io.fullscriptbridge.ehr.ReplyDestinations;
import io.fullscriptbridge.ehr.hl7.Hl7Replies;
import io.fullscriptbridge.oauth.ParkingLot;
import io.fullscriptbridge.ops.MessageJournal;
import org.apache.camel.Exchange;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routes/ehr-inbound.camel.yaml on its own: ehr-ingress puts a message on ehr.inbound, the first stage reads and
 * journals it and hands it to ehr.inbound.accepted, the second stage runs it once per tenant:messageId and chooses
 * the flow by message type; the answer goes to direct:ehr-outbound (a mock here). The beans are mocks: what they do
 * is tested elsewhere; here, which of them the route calls, in which case.
 * Run alone: {@code mvn -q test -Dtest=EhrInboundRouteTest}.
 */
class EhrInboundRouteTest {

    private final InboundMessageReader reader = mock(InboundMessageReader.class);
    private final MessageJournal journal = mock(MessageJournal.class);
    private final PatientLinker patients = mock(PatientLinker.class);
    private final TreatmentPlanLinker treatmentPlans = mock(TreatmentPlanLinker.class);
    private final PatientOrderGuard order = mock(PatientOrderGuard.class);
    private RouteHarness routes;

    @BeforeEach
    void start() throws Exception {
        // the reader's part of the contract: the envelope and the message in the exchange's InboundContext, the
        // message's type in the header the route chooses by
        doAnswer(call -> {
            Exchange exchange = call.getArgument(0);
            String messageId = exchange.getMessage().getHeader("messageId", String.class);
            MessageType type = MessageType.fromWireName(exchange.getMessage().getHeader("type", String.class)).orElseThrow();
            InboundContext.of(exchange).read(new InboundEnvelope("demo", "dr-bennett", null, messageId, "json"),
                    new PatientMessage(type, null, null));
            exchange.getMessage().setHeader(InboundMessageReader.MESSAGE_TYPE, type.wireName());
            return null;
        }).when(reader).read(any(Exchange.class));
        // the journal's verdict on a known message when the broker message is a new one (an EHR's re-send): a duplicate
        doAnswer(call -> call.<Exchange>getArgument(1).getProperty(Exchange.DUPLICATE_MESSAGE, false, Boolean.class))
                .when(journal).isResend(any(), any());
        when(patients.link(any())).thenReturn(answer("patient.linked"));
        when(patients.merge(any())).thenReturn(answer("patient.merged"));
        when(treatmentPlans.link(any())).thenReturn(answer("treatment_plan.link"));
        routes = RouteHarness.of("error-handling.camel.yaml", "ehr-inbound.camel.yaml")
                .bind("inboundMessageReader", reader)
                .bind("messageJournal", journal)
                .bind("replyDestinations", mock(ReplyDestinations.class))
                .bind("hl7Replies", mock(Hl7Replies.class))
                .bind("patientLinker", patients)
                .bind("treatmentPlanLinker", treatmentPlans)
                .bind("patientOrderGuard", order)
                .bind("tenantFairShare", mock(io.fullscriptbridge.ops.TenantFairShare.class))
                .bind("parkingLot", mock(ParkingLot.class))
                .bind("outboundEvents", mock(OutboundEvents.class))
                .bind("inboundIdempotentRepository", MemoryIdempotentRepository.memoryIdempotentRepository())
                .stubDirect("direct:ehr-outbound", "mock:ehr-outbound")
                .start();
    }

    @AfterEach
    void stop() {
        routes.close();
    }

    @Test
    void eachMessageTypeTakesItsOwnFlowAndItsAnswerGoesOut() {
        EhrIngress ingress = routes.entry(EhrIngress.class);
        ingress.submit("{}", Map.of("tenant", "demo", "messageId", "m-1", "type", "patient.upsert"));
        ingress.submit("{}", Map.of("tenant", "demo", "messageId", "m-2", "type", "treatment_plan.link"));
        ingress.submit("{}", Map.of("tenant", "demo", "messageId", "m-3", "type", "patient.merge"));

        await().atMost(Duration.ofSeconds(5)).until(() -> routes.mock("mock:ehr-outbound").getReceivedCounter() == 3);
        assertThat(routes.mock("mock:ehr-outbound").getReceivedExchanges())
                .extracting(e -> e.getMessage().getBody(OutboundEvent.class).type())
                .containsExactlyInAnyOrder("patient.linked", "treatment_plan.link", "patient.merged");
        verify(patients, times(1)).link(any());
        verify(treatmentPlans, times(1)).link(any());
        verify(patients, times(1)).merge(any());
        verify(journal, times(3)).received(any(), any());
        verify(journal, times(3)).completed(any(), any());
    }

    @Test
    void anEhrsResendOfADoneMessageIsJournalledAndNotLinkedAgain() {
        EhrIngress ingress = routes.entry(EhrIngress.class);
        ingress.submit("{}", Map.of("tenant", "demo", "messageId", "m-9", "type", "patient.upsert"));
        await().atMost(Duration.ofSeconds(5)).until(() -> routes.mock("mock:ehr-outbound").getReceivedCounter() == 1);

        ingress.submit("{}", Map.of("tenant", "demo", "messageId", "m-9", "type", "patient.upsert"));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> verify(journal).duplicate(any()));
        verify(patients, times(1)).link(any());
        assertThat(routes.mock("mock:ehr-outbound").getReceivedCounter()).as("no second answer").isEqualTo(1);
    }

    @Test
    void aKnownMessageTheJournalKnowsAsTheBrokerMessageThatCompletedItIsProcessedAndAnsweredAgain() {
        EhrIngress ingress = routes.entry(EhrIngress.class);
        ingress.submit("{}", Map.of("tenant", "demo", "messageId", "m-10", "type", "patient.upsert"));
        await().atMost(Duration.ofSeconds(5)).until(() -> routes.mock("mock:ehr-outbound").getReceivedCounter() == 1);

        // the same broker message again after a crash cut its answer (D56, D91): the journal says it is not a re-send
        doReturn(false).when(journal).isResend(any(), any());
        ingress.submit("{}", Map.of("tenant", "demo", "messageId", "m-10", "type", "patient.upsert"));

        await().atMost(Duration.ofSeconds(5)).until(() -> routes.mock("mock:ehr-outbound").getReceivedCounter() == 2);
        verify(patients, times(2)).link(any());
        verify(journal, never()).duplicate(any());
    }

    @Test
    void theFirstStageGroupsByPatientBeforeTheSecondRuns() {
        routes.entry(EhrIngress.class).submit("{}", Map.of("tenant", "demo", "messageId", "m-5", "type", "patient.upsert"));

        await().atMost(Duration.ofSeconds(5)).until(() -> routes.mock("mock:ehr-outbound").getReceivedCounter() == 1);
        var order = org.mockito.Mockito.inOrder(reader, journal, patients);
        order.verify(reader).admit(any());
        order.verify(reader).read(any(Exchange.class));
        order.verify(journal).received(any(), any());
        order.verify(reader).groupByPatient(any(), any());
        order.verify(patients).link(any());
        order.verify(journal).completed(any(), any());
        verify(treatmentPlans, never()).link(any());
    }

    @Test
    void aPatientsMessageOlderThanTheLastAppliedIsAnsweredSupersededAndNotLinked() {
        when(order.superseded(any())).thenAnswer(call -> "m-old".equals(call.<Exchange>getArgument(0).getMessage().getHeader("messageId")));
        when(order.answer(any())).thenReturn(answer("patient.superseded"));
        EhrIngress ingress = routes.entry(EhrIngress.class);
        ingress.submit("{}", Map.of("tenant", "demo", "messageId", "m-new", "type", "patient.upsert"));
        ingress.submit("{}", Map.of("tenant", "demo", "messageId", "m-old", "type", "patient.upsert"));

        await().atMost(Duration.ofSeconds(5)).until(() -> routes.mock("mock:ehr-outbound").getReceivedCounter() == 2);
        assertThat(routes.mock("mock:ehr-outbound").getReceivedExchanges())
                .extracting(e -> e.getMessage().getBody(OutboundEvent.class).type())
                .containsExactlyInAnyOrder("patient.linked", "patient.superseded");
        verify(order, times(2)).stamp(any());
        verify(patients, times(1)).link(any());
        verify(order, times(1)).applied(any());
        verify(journal, times(2)).completed(any(), any());
    }

    private static OutboundEvent answer(String type) {
        return OutboundEvent.of(type, "m", "demo", List.of());
    }
}
