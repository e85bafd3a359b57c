package io.fullscriptbridge.topology;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** One bridge node: the built jar in the prod profile, a JVM of its own, as an operator starts it. */
final class BridgeNode implements AutoCloseable {

    static final Path JAR = Path.of("target", "fullscript-bridge-0.1.0-SNAPSHOT.jar").toAbsolutePath();

    final String name;
    final int port;
    private final ExternalProcess process;

    private BridgeNode(String name, int port, ExternalProcess process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    static BridgeNode startOnPort(String name, int port, Path dir, Map<String, String> environment, List<String> settings) {
        return startOnPort(name, port, dir, environment, List.of(), settings);
    }

    static BridgeNode startOnPort(String name, int port, Path dir, Map<String, String> environment, List<String> jvmFlags,
            List<String> settings) {
        List<String> command = new ArrayList<>(List.of(ExternalProcess.java(),
                // small and quick to start on a 2-core machine running four JVMs
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-jar", JAR.toString(), "--server.port=" + port, "--server.address=127.0.0.1"));
        command.addAll(settings);
        ExternalProcess process = ExternalProcess.start(name, command, environment, dir, dir.resolve(name + ".log"));
        return new BridgeNode(name, port, process);
    }

    BridgeNode awaitUp() {
        process.awaitHttpOk(url("/actuator/health"), Duration.ofSeconds(180));
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The node's Prometheus text, read with an admin's credentials. */
    String prometheus(String admin, String password) throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString((admin + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/actuator/prometheus")))
                .header("Authorization", basic).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    ExternalProcess process() {
        return process;
    }

    @Override
    public void close() throws Exception {
        process.close();
    }
}
