package io.fullscriptbridge.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import com.sun.net.httpserver.HttpServer;

/**
 * A tiny webhook endpoint for the simulator tests (JDK HttpServer on 127.0.0.1, a free port). It records every
 * request and answers with {@link #behaviour}, by default the correct challenge answer.
 */
final class WebhookReceiver implements AutoCloseable {

    record Call(int index, Instant at, String method, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        boolean isChallenge() {
            return body.length == 0;
        }
    }

    record Answer(int status, String body) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final String challengeToken;
    /** (call, number of challenge calls so far including this one) → answer. */
    volatile BiFunction<Call, Integer, Answer> behaviour;
    private final HttpServer server;
    private final AtomicInteger challengeCalls = new AtomicInteger();

    WebhookReceiver(String challengeToken) throws IOException {
        this.challengeToken = challengeToken;
        this.behaviour = (call, challenges) -> ok();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/webhooks/fullscript", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Call call = new Call(calls.size(), Instant.now(), exchange.getRequestMethod(),
                    Map.copyOf(exchange.getRequestHeaders()), body);
            calls.add(call);
            int challenges = call.isChallenge() ? challengeCalls.incrementAndGet() : challengeCalls.get();
            Answer answer = behaviour.apply(call, challenges);
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        });
        server.start();
    }

    Answer ok() {
        return new Answer(200, "{\"challenge\":\"" + challengeToken + "\"}");
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/fullscript";
    }

    List<Call> payloads() {
        return calls.stream().filter(c -> !c.isChallenge()).toList();
    }

    List<Call> challenges() {
        return calls.stream().filter(Call::isChallenge).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
