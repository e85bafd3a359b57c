package io.fullscriptbridge.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The standalone simulator's admin API: its request log (totals and arrival times) and its fault settings (the
 * slowcalls phase's latency).
 */
final class SimulatorCounts {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;

    SimulatorCounts(String base) {
        this.base = base;
    }

    /** Requests the simulated Fullscript API received so far. */
    long total() throws IOException, InterruptedException {
        return get("/simulator/admin/requests").path("total").asLong();
    }

    /** Arrival times in milliseconds (the simulator's monotonic clock) of the kept requests, sorted. */
    List<Double> arrivals() throws IOException, InterruptedException {
        List<Double> times = new ArrayList<>();
        get("/simulator/admin/requests/arrivals").forEach(a -> times.add(a.path("arrivalMillis").asDouble()));
        times.sort(Double::compare);
        return times;
    }

    void clear() throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(URI.create(base + "/simulator/admin/requests")).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** POST /simulator/admin/faults: every API call waits this long before it is handled; {@link #clearFaults} ends it. */
    void callLatency(long latencyMs) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/simulator/admin/faults"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"latencyMs\":" + latencyMs + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("POST /simulator/admin/faults answered " + response.statusCode() + ": " + response.body());
        }
    }

    void clearFaults() throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(URI.create(base + "/simulator/admin/faults")).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** The most arrivals within any window of this length (sliding over every arrival). */
    static int maxInAnyWindow(List<Double> sortedMillis, double windowMillis) {
        int best = 0;
        int start = 0;
        for (int end = 0; end < sortedMillis.size(); end++) {
            while (sortedMillis.get(end) - sortedMillis.get(start) >= windowMillis) {
                start++;
            }
            best = Math.max(best, end - start + 1);
        }
        return best;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode());
        }
        return json.readTree(response.body());
    }
}
