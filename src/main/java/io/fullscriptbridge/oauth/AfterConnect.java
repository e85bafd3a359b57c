package io.fullscriptbridge.oauth;

import org.springframework.http.ResponseEntity;

/**
 * Answers the browser after a connect whose state carried a {@link Continuation} (a recommend link that needed a
 * connection first): the callback has stored the connection and hands over here instead of its own page.
 */
public interface AfterConnect {

    ResponseEntity<String> resume(ConnectFlow.Connected connected);
}
