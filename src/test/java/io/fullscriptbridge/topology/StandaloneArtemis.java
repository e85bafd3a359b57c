package io.fullscriptbridge.topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The standalone Artemis distribution from Maven Central (unpacked into target/artemis-dist by the build), created
 * as a broker instance on a free loopback port with login required, and configured through its
 * {@code etc/broker.properties}: the way an operator runs the external broker.
 */
final class StandaloneArtemis implements AutoCloseable {

    static final Path DISTRIBUTION = Path.of("target", "artemis-dist", "apache-artemis-2.40.0");

    final int port;
    final String user;
    final String password;
    private final Path instance;
    private ExternalProcess process;
    private int restarts;

    StandaloneArtemis(Path instance, String user, String password) {
        this.instance = instance.toAbsolutePath();
        this.port = Ports.free();
        this.user = user;
        this.password = password;
    }

    /**
     * Creates the instance (artemis create), writes its broker.properties, adds each tenant with
     * docker/artemis/add-tenant.sh (tenant id = broker user name, with the given password) and starts it (artemis run).
     */
    StandaloneArtemis start(String brokerProperties, Map<String, String> tenantPasswords) throws Exception {
        Path artemis = DISTRIBUTION.resolve("bin/artemis").toAbsolutePath();
        if (Files.exists(artemis) && !Files.isExecutable(artemis)) {
            artemis.toFile().setExecutable(true);
        }
        if (!Files.isExecutable(artemis)) {
            throw new IllegalStateException(artemis + " is missing: the build unpacks it in pre-integration-test (mvn verify)");
        }
        Process create = new ProcessBuilder(List.of(artemis.toString(), "create", instance.toString(),
                "--user", user, "--password", password, "--role", "bridge", "--require-login", "--silent", "--force",
                "--host", "127.0.0.1", "--default-port", String.valueOf(port), "--http-host", "127.0.0.1",
                "--http-port", String.valueOf(Ports.free()), "--no-web", "--no-autotune",
                "--no-amqp-acceptor", "--no-mqtt-acceptor", "--no-stomp-acceptor", "--no-hornetq-acceptor",
                "--java-memory", "512M"))
                .redirectErrorStream(true).redirectOutput(instance.resolveSibling("artemis-create.log").toFile()).start();
        if (create.waitFor() != 0) {
            throw new IllegalStateException("artemis create failed: " + Files.readString(instance.resolveSibling("artemis-create.log")));
        }
        Files.writeString(instance.resolve("etc/broker.properties"), brokerProperties);
        for (Map.Entry<String, String> tenant : tenantPasswords.entrySet()) {
            Process add = new ProcessBuilder(List.of("bash", Path.of("docker/artemis/add-tenant.sh").toAbsolutePath().toString(),
                    instance.toString(), tenant.getKey(), tenant.getKey(), tenant.getValue()))
                    .redirectErrorStream(true).redirectOutput(instance.resolveSibling("add-tenant.log").toFile()).start();
            if (add.waitFor() != 0) {
                throw new IllegalStateException("add-tenant.sh failed: " + Files.readString(instance.resolveSibling("add-tenant.log")));
            }
        }
        process = ExternalProcess.start("artemis", List.of(instance.resolve("bin/artemis").toString(), "run"), Map.of(),
                instance, instance.resolveSibling("artemis.log"));
        process.awaitPort(port, Duration.ofSeconds(60));
        return this;
    }

    /** Starts the same instance again after {@link #kill9()} (its journal keeps every persistent message). */
    StandaloneArtemis restart() {
        restarts++;
        process = ExternalProcess.start("artemis", List.of(instance.resolve("bin/artemis").toString(), "run"), Map.of(),
                instance, instance.resolveSibling("artemis-restart-" + restarts + ".log"));
        process.awaitPort(port, Duration.ofSeconds(90));
        return this;
    }

    /** SIGKILL of the broker's JVM: a crash, no orderly shutdown. */
    void kill9() throws InterruptedException {
        // bin/artemis execs the broker's JVM, so the process is the broker itself
        process.kill9();
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    ExternalProcess process() {
        return process;
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            process.close();
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
