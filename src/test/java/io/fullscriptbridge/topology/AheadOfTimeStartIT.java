package io.fullscriptbridge.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The built jar started with its ahead-of-time bean definitions ({@code -Dspring.aot.enabled=true}), as
 * {@code bin/bridge} starts it on the embedded defaults (D96): the whole local bridge works from another directory, and a
 * start whose settings would need other beans is refused with those settings named.
 */
class AheadOfTimeStartIT {

    private static final List<String> AOT = List.of("-Dspring.aot.enabled=true");

    @Test
    void theAheadOfTimeDefinitionsRunTheLocalBridge() throws Exception {
        Path dir = workDir();
        int port = Ports.free();
        try (BridgeNode node = BridgeNode.startOnPort("aot", port, dir, Map.of(), AOT, localSettings(dir))) {
            node.awaitUp();
            assertThat(node.process().logText()).contains("Starting AOT-processed BridgeApplication");

            // the README's HTTP example, twice: synced through the broker, the cross-index and the simulator, then
            // answered unchanged by the first stage
            String body = "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"MRN-2\",\"firstName\":\"Grace\","
                    + "\"lastName\":\"Hopper\",\"email\":\"grace@example.com\"}}";
            assertThat(post(node, body)).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> counted(node, "answered", "ehr-patient-sync") == 1.0);
            assertThat(post(node, body)).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> counted(node, "filtered", "ehr-inbound") == 1.0);
        }
    }

    @Test
    void aStartWhoseSettingsNeedOtherBeansIsRefused() throws Exception {
        Path dir = workDir();
        List<String> settings = new ArrayList<>(localSettings(dir));
        settings.add("--bridge.simulator.enabled=false");
        try (BridgeNode node = BridgeNode.startOnPort("aot-refused", Ports.free(), dir, Map.of(), AOT, settings)) {
            await().atMost(Duration.ofSeconds(120)).until(() -> !node.process().isAlive());
            assertThat(node.process().logText())
                    .contains("APPLICATION FAILED TO START")
                    .contains("these settings differ from them: bridge.simulator.enabled")
                    .contains("BRIDGE_AOT=off");
        }
    }

    private static Path workDir() throws Exception {
        Path dir = Path.of("target", "topology", "aot-" + UUID.randomUUID()).toAbsolutePath();
        Files.createDirectories(dir);
        return dir;
    }

    private static List<String> localSettings(Path dir) {
        return List.of("--spring.profiles.active=local", "--bridge.data-dir=" + dir.resolve("data"),
                "--bridge.broker.acceptor-port=" + Ports.free(), "--bridge.events.poll.enabled=false",
                "--bridge.simulator.webhook.url=");
    }

    private static int post(BridgeNode node, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.url("/api/ehr/messages")))
                .header("Content-Type", "application/json").header("X-Bridge-Tenant", "demo")
                .header("X-Bridge-Api-Key", "local-demo-api-key").header("X-Bridge-Ehr-User-Id", "dr-bennett")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static double counted(BridgeNode node, String outcome, String route) throws Exception {
        // the local profile's admin
        String text = node.prometheus("admin", "admin");
        Matcher m = Pattern.compile("(?m)^bridge_inbound_messages_total\\{[^}]*outcome=\"" + outcome + "\",route=\"" + route
                + "\"[^}]*} ([0-9.Ee+-]+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }
}
