package io.fullscriptbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An integration engineer saves a route file while the bridge runs: a good file replaces the route, a broken one
 * (YAML that does not parse, or a step that cannot be built) leaves the previous version running and is reported.
 */
class SafeRouteReloadStrategyTest {

    @TempDir
    Path dir;

    private CamelContext camel;
    private SafeRouteReloadStrategy reload;
    private ProducerTemplate producer;
    private Path file;

    @BeforeEach
    void start() throws Exception {
        file = dir.resolve("greeting.camel.yaml");
        write(route("hello"));
        camel = new DefaultCamelContext();
        reload = new SafeRouteReloadStrategy(dir, Clock.systemUTC());
        reload.rememberLoaded("greeting.camel.yaml", Files.readString(file));
        camel.addService(reload);
        PluginHelper.getRoutesLoader(camel).loadRoutes(PluginHelper.getResourceLoader(camel).resolveResource("file:" + file));
        camel.start();
        producer = camel.createProducerTemplate();
        assertThat(greet()).isEqualTo("hello");
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void aGoodSaveReplacesTheRoute() throws Exception {
        write(route("bonjour"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "bonjour".equals(greet()));
        assertThat(reload.brokenFiles()).isEmpty();
        assertThat(reload.reloadedCount()).isEqualTo(1);
    }

    @Test
    void yamlThatDoesNotParseLeavesTheRunningRouteAndIsReported() throws Exception {
        write("- route:\n    id: greeting\n    from: [ this is: not: yaml\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> reload.rejectedCount() == 1);
        assertThat(greet()).isEqualTo("hello");
        assertThat(reload.brokenFiles()).singleElement().satisfies(b -> assertThat(b.file()).isEqualTo("greeting.camel.yaml"));
    }

    @Test
    void aStepThatCannotBeBuiltLeavesThePreviousVersionRunning() throws Exception {
        write(route("ciao").replace("constant: ciao", "constant: ciao\n        - bean:\n            ref: noSuchBean"));
        await().atMost(Duration.ofSeconds(20)).until(() -> reload.rejectedCount() == 1);
        assertThat(camel.getRoute("greeting")).isNotNull();
        assertThat(greet()).isEqualTo("hello");
        assertThat(reload.brokenFiles()).singleElement().satisfies(b -> assertThat(b.error()).contains("noSuchBean"));

        // fixed and saved again: loaded, and no longer reported
        write(route("ciao"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "ciao".equals(greet()));
        assertThat(reload.brokenFiles()).isEmpty();
    }

    private String greet() {
        return producer.requestBody("direct:greet", "", String.class);
    }

    private void write(String text) throws Exception {
        // as editors save: the whole new text replaces the file at once
        Path tmp = Files.createTempFile(dir.getParent(), "route", ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String route(String word) {
        return """
                - route:
                    id: greeting
                    from:
                      uri: direct:greet
                      steps:
                        - setBody:
                            constant: %s
                """.formatted(word);
    }
}
