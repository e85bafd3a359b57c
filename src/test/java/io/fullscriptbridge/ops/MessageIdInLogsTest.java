package io.fullscriptbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The hops of one message connect in the log: lines written by the bridge's own code on the message's path carry
 * its messageId from Camel's MDC (logging.pattern.level), although their text does not name it; and the value does not
 * outlive the exchange (the next message's lines carry the next id, never the previous one).
 */
@BridgeIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class MessageIdInLogsTest {

    @Autowired BrokerProperties broker;

    @Test
    void everyLineOfTheMessagesPathCarriesItsMessageId(CapturedOutput output) throws Exception {
        String first;
        String second;
        try (AmqpClient ehr = AmqpClient.as("demo", broker.resolvedPort())) {
            first = sendAndAwait(ehr);
            second = sendAndAwait(ehr);
        }
        // "patient updated"/"fullscript call" lines come from crossindex and fullscript code; the Fullscript call's
        // line names the message by hand too, so the check is on the MDC slot after the level: " [<id>] "
        List<String> lines = output.getAll().lines().filter(l -> l.contains("fullscript call endpoint=")).toList();
        assertThat(lines.stream().filter(l -> l.contains("messageId=" + first)))
                .isNotEmpty().allSatisfy(l -> assertThat(l).contains("[" + first + "]"));
        assertThat(lines.stream().filter(l -> l.contains("messageId=" + second)))
                .isNotEmpty().allSatisfy(l -> assertThat(l).contains("[" + second + "]").doesNotContain("[" + first + "]"));
        // after the calls, back in the route's own bean: the cross-index's line carries it as well
        assertThat(output.getAll().lines().filter(l -> l.contains("patient linked messageId=" + second)))
                .hasSize(1).allSatisfy(l -> assertThat(l).contains("[" + second + "]"));
        // the journal's and the route's lines in between (written without the id in their text where it is the MDC's)
        assertThat(output.getAll().lines().filter(l -> l.contains("[" + second + "]")).count()).isGreaterThanOrEqualTo(4);
        // a value never outlives its exchange: no line carries the first id with the second's text
        assertThat(output.getAll().lines().filter(l -> l.contains("[" + first + "]") && l.contains("messageId=" + second))).isEmpty();
    }

    private static String sendAndAwait(AmqpClient ehr) throws Exception {
        String mrn = "MRN-" + UUID.randomUUID();
        String messageId = UUID.randomUUID().toString();
        ehr.send("ehr.inbound.demo", "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + mrn + "\",\"firstName\":\"Log\",\"lastName\":\"Line\",\"email\":\""
                + mrn.toLowerCase() + "@example.com\"}}", Map.of("tenant", "demo", "ehrUserId", "dr-bennett", "messageId", messageId));
        assertThat(ehr.receive("ehr.outbound.demo", "correlationId = '" + messageId + "'", 20_000)).isNotNull();
        return messageId;
    }
}
