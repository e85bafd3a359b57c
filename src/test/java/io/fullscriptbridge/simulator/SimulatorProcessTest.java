package io.fullscriptbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.jms.ConnectionFactory;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The simulator on its own (the jar with --spring.profiles.active=simulator): Fullscript's API with its seed data,
 * and nothing of the bridge (no broker, database or routes), so bridge nodes can restart around it.
 */
class SimulatorProcessTest {

    private static ConfigurableApplicationContext simulator;
    private static String base;

    @BeforeAll
    static void start() {
        simulator = SimulatorApplication.run("--server.port=0");
        base = "http://127.0.0.1:" + simulator.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void answersFullscriptsApiWithItsSeedData() throws Exception {
        HttpResponse<String> clinic = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/simulator/fullscript/api/clinic"))
                .header("Authorization", "Bearer sim-seed-practitioner-1").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(clinic.statusCode()).isEqualTo(200);
        assertThat(clinic.body()).contains("10000000-0000-4000-8000-000000000001");
    }

    @Test
    void startsNothingOfTheBridge() {
        assertThat(simulator.getBeanNamesForType(DataSource.class)).isEmpty();
        assertThat(simulator.getBeanNamesForType(ConnectionFactory.class)).isEmpty();
        assertThat(simulator.getBeanNamesForType(CamelContext.class)).isEmpty();
        assertThat(simulator.getEnvironment().getActiveProfiles()).containsExactly(SimulatorApplication.PROFILE);
    }

    @Test
    void theJarChoosesTheSimulatorByProfile() {
        assertThat(SimulatorApplication.requested(new String[] {"--spring.profiles.active=simulator"}, Map.of())).isTrue();
        assertThat(SimulatorApplication.requested(new String[] {}, Map.of("SPRING_PROFILES_ACTIVE", "simulator"))).isTrue();
        assertThat(SimulatorApplication.requested(new String[] {"--spring.profiles.active=prod"}, Map.of())).isFalse();
        assertThat(SimulatorApplication.requested(new String[] {}, Map.of())).isFalse();
    }
}
