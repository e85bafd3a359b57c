package io.fullscriptbridge.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.awaitility.Awaitility.await;

/**
 * HTTP requests at a fixed rate whatever the answers take (an open loop: a slow answer does not slow the senders),
 * each timed from its send to its response.
 */
final class OpenLoopHttp {

    /** Latencies of the answered requests, the statuses seen, and the rate actually achieved. */
    record Result(Stats latency, Map<Integer, Integer> statuses, int failed, String firstFailure, double sentPerSecond) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    Result run(int perSecond, Duration duration, IntFunction<HttpRequest> request) {
        int total = (int) (perSecond * duration.toMillis() / 1000);
        List<Double> latencies = new CopyOnWriteArrayList<>();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        AtomicInteger failed = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<String> firstFailure = new java.util.concurrent.atomic.AtomicReference<>("");
        AtomicInteger done = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        long[] firstAndLast = new long[2];
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        try {
            pacer.scheduleAtFixedRate(() -> {
                int i = next.getAndIncrement();
                if (i >= total) {
                    return;
                }
                long sent = System.nanoTime();
                if (i == 0) {
                    firstAndLast[0] = sent;
                }
                if (i == total - 1) {
                    firstAndLast[1] = sent;
                }
                http.sendAsync(request.apply(i), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                    if (error != null) {
                        failed.incrementAndGet();
                        Throwable cause = error.getCause() == null ? error : error.getCause();
                        firstFailure.compareAndSet("", cause.getClass().getSimpleName());
                    } else {
                        latencies.add((System.nanoTime() - sent) / 1e6);
                        statuses.merge(response.statusCode(), 1, Integer::sum);
                    }
                    done.incrementAndGet();
                });
            }, 0, 1_000_000_000L / perSecond, TimeUnit.NANOSECONDS);
            await("all " + total + " requests answered").atMost(duration.plusSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .until(() -> done.get() >= total);
        } finally {
            pacer.shutdownNow();
        }
        double sendSeconds = (firstAndLast[1] - firstAndLast[0]) / 1e9;
        return new Result(Stats.ofMillis(latencies), new java.util.TreeMap<>(statuses), failed.get(), firstFailure.get(), (total - 1) / sendSeconds);
    }
}
