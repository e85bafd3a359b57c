package io.fullscriptbridge.simulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.stereotype.Component;

/**
 * Counts every request the simulated Fullscript API received, by endpoint key and response status, so tests can
 * assert API economy ("an unchanged patient costs zero calls"). Endpoint keys are {@code METHOD /api/path-template},
 * e.g. {@code POST /api/clinic/patients}, {@code GET /api/clinic/patients/{id}}, {@code POST /api/oauth/token};
 * requests that match no endpoint are keyed by their literal path.
 */
@Component
@ConditionalOnSimulatorEnabled
public class SimulatorRequestLog {

    private final ConcurrentMap<String, ConcurrentMap<Integer, LongAdder>> counts = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    /** Literal "METHOD /path" → requests, so a test can count the calls about its own patient. */
    private final ConcurrentMap<String, LongAdder> byPath = new ConcurrentHashMap<>();

    public void recordPath(String methodAndPath) {
        byPath.computeIfAbsent(methodAndPath, k -> new LongAdder()).increment();
    }

    /** Requests to one literal path, e.g. {@code PATCH /api/clinic/patients/pat_123}. */
    public long countPath(String methodAndPath) {
        LongAdder adder = byPath.get(methodAndPath);
        return adder == null ? 0 : adder.sum();
    }

    public void record(String endpointKey, int status) {
        counts.computeIfAbsent(endpointKey, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, s -> new LongAdder())
                .increment();
        total.increment();
    }

    /** Requests to one endpoint, any status. */
    public long count(String endpointKey) {
        Map<Integer, LongAdder> byStatus = counts.get(endpointKey);
        return byStatus == null ? 0 : byStatus.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Requests to one endpoint answered with one status. */
    public long count(String endpointKey, int status) {
        Map<Integer, LongAdder> byStatus = counts.get(endpointKey);
        LongAdder adder = byStatus == null ? null : byStatus.get(status);
        return adder == null ? 0 : adder.sum();
    }

    /** All requests to the simulated API. */
    public long total() {
        return total.sum();
    }

    /** Endpoint key → number of requests, sorted by key. */
    public Map<String, Long> countsByEndpoint() {
        Map<String, Long> result = new TreeMap<>();
        counts.forEach((key, byStatus) -> result.put(key, count(key)));
        return result;
    }

    /** Endpoint key → (status → number of requests), sorted. */
    public Map<String, Map<Integer, Long>> countsByEndpointAndStatus() {
        Map<String, Map<Integer, Long>> result = new TreeMap<>();
        counts.forEach((key, byStatus) -> {
            Map<Integer, Long> statuses = new TreeMap<>();
            byStatus.forEach((status, adder) -> statuses.put(status, adder.sum()));
            result.put(key, statuses);
        });
        return result;
    }

    public void reset() {
        counts.clear();
        byPath.clear();
        total.reset();
    }
}
