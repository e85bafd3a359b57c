package io.fullscriptbridge.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The embedded broker's network side: where EHRs connect and how failed deliveries are retried.
 * A port of 0 picks a free port once at start-up (tests run several contexts in one JVM).
 */
@ConfigurationProperties("bridge.broker")
public class BrokerProperties {

    private String acceptorHost = "127.0.0.1";
    private int acceptorPort = 61616;
    private String protocols = "CORE,AMQP,STOMP,MQTT,OPENWIRE";
    private final Redelivery redelivery = new Redelivery();
    /** Remote revocations keep trying for hours: Fullscript may be down, and a revoked user must stay revoked. */
    private final Redelivery revocationRedelivery = new Redelivery(java.time.Duration.ofSeconds(10), 2.0, java.time.Duration.ofHours(1), 20);
    private volatile int resolvedPort;

    public synchronized int resolvedPort() {
        if (resolvedPort == 0) {
            resolvedPort = acceptorPort != 0 ? acceptorPort : freePort(acceptorHost);
        }
        return resolvedPort;
    }

    /** tcp URL of the network acceptor, for clients in the same machine (tests, the CLI). */
    public String acceptorUrl() {
        return "tcp://" + acceptorHost + ":" + resolvedPort();
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the broker acceptor on " + host, e);
        }
    }

    public String getAcceptorHost() { return acceptorHost; }
    public void setAcceptorHost(String acceptorHost) { this.acceptorHost = acceptorHost; }
    public int getAcceptorPort() { return acceptorPort; }
    public void setAcceptorPort(int acceptorPort) { this.acceptorPort = acceptorPort; }
    public String getProtocols() { return protocols; }
    public void setProtocols(String protocols) { this.protocols = protocols; }
    public Redelivery getRedelivery() { return redelivery; }
    public Redelivery getRevocationRedelivery() { return revocationRedelivery; }

    /** Applied to every bridge address: never Artemis' default of 0 ms and a silent drop. */
    public static class Redelivery {
        private Duration initialDelay = Duration.ofSeconds(1);
        private double multiplier = 2.0;
        private Duration maxDelay = Duration.ofMinutes(5);
        private int maxAttempts = 10;

        public Redelivery() {
        }

        Redelivery(Duration initialDelay, double multiplier, Duration maxDelay, int maxAttempts) {
            this.initialDelay = initialDelay;
            this.multiplier = multiplier;
            this.maxDelay = maxDelay;
            this.maxAttempts = maxAttempts;
        }

        public Duration getInitialDelay() { return initialDelay; }
        public void setInitialDelay(Duration initialDelay) { this.initialDelay = initialDelay; }
        public double getMultiplier() { return multiplier; }
        public void setMultiplier(double multiplier) { this.multiplier = multiplier; }
        public Duration getMaxDelay() { return maxDelay; }
        public void setMaxDelay(Duration maxDelay) { this.maxDelay = maxDelay; }
        public int getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
    }
}
