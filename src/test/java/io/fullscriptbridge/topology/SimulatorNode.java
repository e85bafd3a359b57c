package io.fullscriptbridge.topology;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The Fullscript simulator as its own process (the same jar, simulator profile), shared by every bridge node. */
final class SimulatorNode implements AutoCloseable {

    final int port;
    private final ExternalProcess process;

    private SimulatorNode(int port, ExternalProcess process) {
        this.port = port;
        this.process = process;
    }

    static SimulatorNode start(Path dir, String webhookUrl) {
        int port = Ports.free();
        ExternalProcess process = ExternalProcess.start("simulator", List.of(ExternalProcess.java(),
                        "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-jar", BridgeNode.JAR.toString(), "--spring.profiles.active=simulator", "--server.port=" + port),
                Map.of("SIMULATOR_WEBHOOK_URL", webhookUrl), dir, dir.resolve("simulator.log"));
        process.awaitHttpOk("http://127.0.0.1:" + port + "/simulator/admin/requests", Duration.ofSeconds(120));
        return new SimulatorNode(port, process);
    }

    String apiBaseUrl() {
        return url("/simulator/fullscript/api");
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Override
    public void close() throws Exception {
        process.close();
    }
}
