package io.fullscriptbridge.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * A small real-HTTP client for the simulator tests: java.net.http, which never follows redirects unless told to,
 * so authorize redirects can be inspected.
 */
final class SimulatorHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String root;

    SimulatorHttp(int port) {
        this.root = "http://localhost:" + port;
    }

    /** {@code http://localhost:port/simulator/fullscript/api}. */
    String apiBase() {
        return root + "/simulator/fullscript/api";
    }

    String adminBase() {
        return root + "/simulator/admin";
    }

    record Response(int status, Map<String, java.util.List<String>> headers, String body) {
        JsonNode json() {
            if (body == null || body.isBlank()) {
                return MissingNode.getInstance();
            }
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }

        Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    // --- simulated Fullscript API -----------------------------------------------------------------------------

    Response get(String apiPath, String token) {
        return send(request(apiBase() + apiPath, token).GET());
    }

    Response post(String apiPath, String token, Object body) {
        return send(request(apiBase() + apiPath, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(toJson(body))));
    }

    Response patch(String apiPath, String token, Object body) {
        return send(request(apiBase() + apiPath, token).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(toJson(body))));
    }

    Response postRaw(String apiPath, String token, String contentType, String body) {
        HttpRequest.Builder builder = request(apiBase() + apiPath, token);
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder.POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response postForm(String apiPath, Map<String, String> form) {
        return postRaw(apiPath, null, "application/x-www-form-urlencoded", formBody(form));
    }

    /** The token endpoint with a JSON body, as Fullscript's docs send it. */
    Response token(Map<String, String> params) {
        return post("/oauth/token", null, params);
    }

    /** A GET of any URL of this server (e.g. a dynamic link's redirect_url), no token. */
    Response getUrl(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET());
    }

    /** A form POST to any URL of this server (e.g. the simulated Fullscript page's button). */
    Response postFormUrl(String url, Map<String, String> form) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form))));
    }

    /** The ids of an event list ({@code {"events": [{"id": ...}], "meta": ...}}), in the order given. */
    java.util.List<String> eventIds(String apiPath, String token) {
        Response response = get(apiPath, token);
        if (response.status() != 200) {
            throw new AssertionError("GET " + apiPath + " failed: " + response);
        }
        java.util.List<String> ids = new java.util.ArrayList<>();
        response.json().get("events").forEach(e -> ids.add(e.get("id").asText()));
        return ids;
    }

    // --- admin ------------------------------------------------------------------------------------------------

    Response admin(String method, String adminPath, Object body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(adminBase() + adminPath))
                .timeout(Duration.ofSeconds(30));
        if (body != null) {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(toJson(body)));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return send(builder);
    }

    void reset() {
        Response response = admin("POST", "/reset", null);
        if (response.status() != 200) {
            throw new AssertionError("reset failed: " + response);
        }
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    static String query(Map<String, String> params) {
        return formBody(params);
    }

    static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static Map<String, String> params(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private HttpRequest.Builder request(String url, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static String toJson(Object body) {
        if (body instanceof String s) {
            return s;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
