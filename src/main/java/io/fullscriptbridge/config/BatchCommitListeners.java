package io.fullscriptbridge.config;

import java.time.Duration;

import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.component.jms.MessageListenerContainerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jms.listener.AbstractMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * The listener containers of JMS consumers that commit once per batch of waiting messages
 * ({@link BatchCommitListenerContainer}, D81). A route uses them with
 * {@code consumerType: Custom} and {@code messageListenerContainerFactory: "#batchCommitListeners"}; every other
 * setting of the endpoint (transacted, cache level, consumers) applies as usual.
 */
@Component("batchCommitListeners")
public class BatchCommitListeners implements MessageListenerContainerFactory {

    private final int maxMessages;
    private final Duration singleAfterFailure;

    public BatchCommitListeners(@Value("${bridge.inbound.batch-commit.max-messages:100}") int maxMessages,
                                @Value("${bridge.inbound.batch-commit.single-after-failure:15m}") Duration singleAfterFailure) {
        this.maxMessages = maxMessages;
        this.singleAfterFailure = singleAfterFailure;
    }

    @Override
    public AbstractMessageListenerContainer createMessageListenerContainer(JmsEndpoint endpoint) {
        return new BatchCommitListenerContainer(endpoint, maxMessages, singleAfterFailure);
    }
}
