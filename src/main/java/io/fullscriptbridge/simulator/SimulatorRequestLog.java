package io.fullscriptbridge.simulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.stereotype.Component;

/**
 * Counts every request the simulated Fullscript API received, by endpoint key and response status, so tests can
 * assert API economy ("an unchanged patient costs zero calls"). Endpoint keys are {@code METHOD /api/path-template},
 * e.g. {@code POST /api/clinic/patients}, {@code GET /api/clinic/patients/{id}}, {@code POST /api/oauth/token};
 * requests that match no endpoint are keyed by their literal path.
 * <p>It also keeps the last {@value #KEPT_ENTRIES} requests one by one ({@link Entry}: arrival time, path and query),
 * so a test can count the requests made for its own ids (a patient, an e-mail) whatever else runs, and check when
 * requests reached "Fullscript". In memory only; never logged or shown by the admin endpoint.
 */
@Component
@ConditionalOnSimulatorEnabled
public class SimulatorRequestLog {

    private final ConcurrentMap<String, ConcurrentMap<Integer, LongAdder>> counts = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    static final int KEPT_ENTRIES = 20_000;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private final ConcurrentMap<String, java.util.concurrent.atomic.AtomicInteger> inFlight = new ConcurrentHashMap<>();

    /**
     * One request to the simulated API.
     *
     * @param endpointKey  {@code METHOD /api/path-template}
     * @param path         the literal path under the API base, e.g. {@code /api/clinic/patients/4000…}
     * @param query        the raw query string, or empty
     * @param body         the request body as the simulator read it (the first {@value #KEPT_BODY_CHARS} characters), or empty
     * @param status       the final response status
     * @param arrivalNanos {@link System#nanoTime()} when the request reached the simulator, before any of its processing
     */
    public record Entry(String endpointKey, String path, String query, String body, int status, long arrivalNanos) {
        /** Endpoint and status only: query and body may hold tokens and demographics, and this ends up in test reports. */
        @Override
        public String toString() {
            return endpointKey + " -> " + status;
        }

        /** Whether the path, the (URL-decoded) query or the body mentions the text, e.g. an EHR patient id or an e-mail. */
        public boolean mentions(String text) {
            return path.contains(text) || body.contains(text)
                    || java.net.URLDecoder.decode(query, java.nio.charset.StandardCharsets.UTF_8).contains(text);
        }
    }

    static final int KEPT_BODY_CHARS = 4096;

    /** Requests to one literal path, e.g. {@code PATCH /api/clinic/patients/pat_123}, among the kept entries. */
    public long countPath(String methodAndPath) {
        return entries(e -> methodAndPath.equals(e.endpointKey().substring(0, e.endpointKey().indexOf(' ') + 1) + e.path())).size();
    }

    public void record(String endpointKey, int status) {
        counts.computeIfAbsent(endpointKey, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, s -> new LongAdder())
                .increment();
        total.increment();
    }

    /** Counts the request and keeps its entry. */
    public void record(Entry entry) {
        record(entry.endpointKey(), entry.status());
        synchronized (entries) {
            entries.addLast(entry);
            if (entries.size() > KEPT_ENTRIES) {
                entries.removeFirst();
            }
        }
    }

    /** The kept requests that match, in the order they finished. */
    public List<Entry> entries(Predicate<Entry> filter) {
        synchronized (entries) {
            return entries.stream().filter(filter).toList();
        }
    }

    /** Kept requests that mention any of the texts (a test's own patient ids, e-mails, tokens). */
    public long countMentioning(String... texts) {
        return entries(e -> java.util.Arrays.stream(texts).anyMatch(t -> t != null && !t.isEmpty() && e.mentions(t))).size();
    }

    /** Arrival times ({@link System#nanoTime()}) of the kept requests to one endpoint, sorted. */
    public List<Long> arrivals(String endpointKey) {
        return entries(e -> e.endpointKey().equals(endpointKey)).stream().map(Entry::arrivalNanos).sorted().toList();
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

    /** A request to {@code METHOD /literal/path} has arrived and is being handled (latency included). */
    void started(String methodAndPath) {
        inFlight.computeIfAbsent(methodAndPath, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
    }

    /** The request has been answered (or its client went away). */
    void finished(String methodAndPath) {
        java.util.concurrent.atomic.AtomicInteger n = inFlight.get(methodAndPath);
        if (n != null) {
            n.decrementAndGet();
        }
    }

    /**
     * Requests being handled right now by {@code METHOD /literal/path} (e.g. {@code POST /api/clinic/patients}), so a
     * test can act while a call is in flight (a crash test kills the bridge during a create slowed by latency).
     */
    public Map<String, Integer> inFlight() {
        Map<String, Integer> result = new TreeMap<>();
        inFlight.forEach((key, n) -> {
            if (n.get() > 0) {
                result.put(key, n.get());
            }
        });
        return result;
    }

    public void reset() {
        counts.clear();
        total.reset();
        synchronized (entries) {
            entries.clear();
        }
    }
}
