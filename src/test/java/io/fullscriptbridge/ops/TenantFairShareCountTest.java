package io.fullscriptbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fullscriptbridge.ehr.InboundContext;
import io.fullscriptbridge.ehr.InboundEnvelope;
import io.fullscriptbridge.ehr.MessageType;
import io.fullscriptbridge.ehr.PatientMessage;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Between two counts of the journal the first stage adds the messages it hands on (D81), so a burst turns its tenant
 * low after {@code backlog} messages. A message the first stage answered itself (D93) is not in flight and must not
 * count: a tenant re-sending unchanged patients is not a backlog.
 */
class TenantFairShareCountTest {

    private static final int BACKLOG = 3;

    private final JdbcTemplate jdbc = mock(JdbcTemplate.class);
    private final DefaultCamelContext camel = new DefaultCamelContext();

    TenantFairShareCountTest() {
        // the journal's count: nothing of the tenant in flight when the decision is made
        when(jdbc.queryForMap(anyString(), any(), any(), any(), any())).thenReturn(Map.of("messages", 0L, "backlogged", 0L));
    }

    @Test
    void messagesAnsweredByTheFirstStageDoNotMakeTheirTenantBacklogged() {
        assertThat(priorities(10, true)).containsOnly(TenantFairShare.NORMAL);
    }

    @Test
    void messagesHandedOnMakeTheirTenantBackloggedAfterTheBacklog() {
        assertThat(priorities(5, false)).containsExactly(TenantFairShare.NORMAL, TenantFairShare.NORMAL, TenantFairShare.BACKLOGGED,
                TenantFairShare.BACKLOGGED, TenantFairShare.BACKLOGGED);
    }

    /** The JMS priority the first stage gives each of {@code count} messages of one tenant, one after the other. */
    private List<Integer> priorities(int count, boolean answeredHere) {
        TenantFairShare share = new TenantFairShare(jdbc, BACKLOG, Duration.ofHours(1));
        List<Integer> priorities = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Exchange exchange = message("m-" + i);
            share.prioritize(InboundContext.of(exchange), exchange);
            if (answeredHere) {
                share.answeredHere(InboundContext.of(exchange));
            }
            priorities.add(exchange.getMessage().getHeader("JMSPriority", Integer.class));
        }
        return priorities;
    }

    private Exchange message(String messageId) {
        Exchange exchange = new DefaultExchange(camel);
        InboundContext.of(exchange).read(new InboundEnvelope("demo", "dr-bennett", null, messageId, "json"),
                new PatientMessage(MessageType.PATIENT_UPSERT, null, null));
        return exchange;
    }
}
