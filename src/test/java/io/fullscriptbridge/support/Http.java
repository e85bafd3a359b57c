package io.fullscriptbridge.support;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/** Real HTTP to the running bridge, as a browser or an EHR back end would make it. */
public final class Http {

    private final int port;
    private final HttpClient browser;
    private final HttpClient noRedirects;

    public Http(int port) {
        this.port = port;
        // one browser: the step-by-step client keeps the same cookies (the connect flow binds its state to them)
        CookieManager cookies = new CookieManager();
        this.browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.ALWAYS).cookieHandler(cookies)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.noRedirects = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).cookieHandler(cookies)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public String url(String path) {
        return path.startsWith("http") ? path : "http://localhost:" + port + path;
    }

    /** GET following redirects across hosts, like a browser. */
    public HttpResponse<String> browse(String pathOrUrl) {
        return send(browser, HttpRequest.newBuilder(URI.create(url(pathOrUrl))).GET().build());
    }

    public HttpResponse<String> get(String pathOrUrl) {
        return send(noRedirects, HttpRequest.newBuilder(URI.create(url(pathOrUrl))).GET().build());
    }

    public HttpResponse<String> postForm(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(noRedirects, HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** The admin header a browser cannot send cross-site; every admin client sends it. */
    public static final String ADMIN_HEADER = "X-Bridge-Admin";

    public HttpResponse<String> admin(String method, String path, String jsonBody, String user, String password) {
        return admin(method, path, jsonBody, user, password, true);
    }

    public HttpResponse<String> admin(String method, String path, String jsonBody, String user, String password, boolean adminHeader) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody))
                .header("Content-Type", "application/json");
        if (adminHeader) {
            b.header(ADMIN_HEADER, "1");
        }
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return send(noRedirects, b.build());
    }

    public HttpResponse<String> bearer(String path, String token) {
        return send(noRedirects, HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + token).GET().build());
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("HTTP " + request.method() + " " + request.uri() + " failed", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
