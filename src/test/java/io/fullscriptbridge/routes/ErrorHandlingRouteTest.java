package io.fullscriptbridge.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;

import io.fullscriptbridge.common.InvalidMessageException;
import io.fullscriptbridge.ehr.OutboundEvent;
import io.fullscriptbridge.ehr.OutboundEvents;
import io.fullscriptbridge.ehr.hl7.Hl7Replies;
import io.fullscriptbridge.fullscript.FullscriptApiException;
import io.fullscriptbridge.oauth.IntegrationDisabledException;
import io.fullscriptbridge.oauth.NoConnectionException;
import io.fullscriptbridge.oauth.ParkingLot;
import io.fullscriptbridge.ops.MessageJournal;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routes/error-handling.camel.yaml on its own: a route that opts into ehr-inbound-errors and fails the way the test
 * says. Each kind of failure ends where the file's comment says: parked with authorization.required, told
 * integration.disabled, rejected to ehr.inbound.invalid and message.rejected, or not handled (the broker
 * redelivers) and journalled. Run alone: {@code mvn -q test -Dtest=ErrorHandlingRouteTest}.
 */
class ErrorHandlingRouteTest {

    private final MessageJournal journal = mock(MessageJournal.class);
    private final ParkingLot parkingLot = mock(ParkingLot.class);
    private final OutboundEvents outboundEvents = mock(OutboundEvents.class);
    private RouteHarness routes;

    @BeforeEach
    void start() throws Exception {
        when(parkingLot.park(any())).thenReturn(OutboundEvent.of("authorization.required", "m", "demo", List.of()));
        when(outboundEvents.integrationDisabled(any())).thenReturn(OutboundEvent.of("integration.disabled", "m", "demo", List.of()));
        when(outboundEvents.rejected(any())).thenReturn(OutboundEvent.of("message.rejected", "m", "demo", List.of()));
        routes = RouteHarness.of("error-handling.camel.yaml")
                .bind("messageJournal", journal)
                .bind("parkingLot", parkingLot)
                .bind("outboundEvents", outboundEvents)
                .bind("hl7Replies", mock(Hl7Replies.class))
                .stubDirect("direct:ehr-outbound", "mock:ehr-outbound")
                .start();
        routes.camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:failing").routeId("failing").routeConfigurationId("ehr-inbound-errors")
                        .process(exchange -> {
                            throw exchange.getMessage().getHeader("failure", Exception.class);
                        });
            }
        });
    }

    @AfterEach
    void stop() {
        routes.close();
    }

    @Test
    void noUsableConnectionParksTheMessageAndAsksForAuthorization() throws Exception {
        fail(new NoConnectionException("no_connection", "connect first"));
        verify(parkingLot).park(any());
        verify(journal).parked(any());
        assertThat(answers()).containsExactly("authorization.required");
    }

    @Test
    void aTokenFullscriptRefusesAfterItsRefreshIsParkedToo() throws Exception {
        fail(new FullscriptApiException.Unauthorized("GET /api/clinic", null, List.of("revoked")));
        verify(parkingLot).park(any());
        assertThat(answers()).containsExactly("authorization.required");
    }

    @Test
    void aSwitchedOffIntegrationIsToldAndNothingElseHappens() throws Exception {
        fail(new IntegrationDisabledException("demo", "dr-bennett"));
        verify(journal).disabled(any());
        verify(parkingLot, never()).park(any());
        assertThat(answers()).containsExactly("integration.disabled");
    }

    @Test
    void aPoisonMessageGoesToTheInvalidQueueWithItsReasonAndTheSenderIsTold() throws Exception {
        fail(new InvalidMessageException("missing_field", "patient.id is required"));
        List<Exchange> invalid = routes.queue("ehr.inbound.invalid");
        assertThat(invalid).hasSize(1);
        assertThat(invalid.get(0).getMessage().getBody(String.class)).isEqualTo("the original body");
        assertThat(invalid.get(0).getMessage().getHeader("errorCode")).isEqualTo("missing_field");
        assertThat(invalid.get(0).getMessage().getHeader("failedRoute")).isEqualTo("failing");
        verify(journal).invalid(any(), any(), any());
        assertThat(answers()).containsExactly("message.rejected");
    }

    @Test
    void aTransientFailureIsNotHandledSoTheBrokerRedelivers() {
        assertThatThrownBy(() -> fail(new FullscriptApiException.Transient("GET /api/clinic", 503, null, List.of(), null)))
                .isInstanceOf(FullscriptApiException.Transient.class);
        verify(journal).failed(any());
        assertThat(answers()).isEmpty();
        assertThat(routes.queue("ehr.inbound.invalid")).isEmpty();
    }

    private void fail(Exception failure) throws Exception {
        Exchange done = routes.camel.createProducerTemplate().send("direct:failing", exchange -> {
            exchange.getMessage().setBody("the original body");
            exchange.getMessage().setHeader("failure", failure);
        });
        if (done.getException() != null) {
            throw done.getException();
        }
    }

    private List<String> answers() {
        return routes.mock("mock:ehr-outbound").getReceivedExchanges().stream()
                .map(e -> e.getMessage().getBody(OutboundEvent.class).type()).toList();
    }
}
