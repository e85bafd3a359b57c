package io.fullscriptbridge.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The route files show every hop (issue 14): Java starts a flow only through an {@link EntryRoute} interface, which
 * names its route by id ({@code @EntryRoute("<route id>")}), so no Java source names a queue or a route by endpoint
 * URI. Every such entry route exists in a route file.
 */
class RouteUrisInJavaTest {

    private static final Pattern ENDPOINT_LITERAL = Pattern.compile("\"(jms|direct|seda|stub|activemq|amqp):");
    private static final Pattern ENTRY_ROUTE = Pattern.compile("^@EntryRoute\\(\"([a-z0-9-]+)\"\\)$");

    @Test
    void noJavaSourceNamesAnEndpoint() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : javaSources()) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (ENDPOINT_LITERAL.matcher(line).find()) {
                    found.add(file + ":" + (i + 1) + ": " + line);
                }
            }
        }
        assertThat(found).as("endpoint URIs in Java: send through an @EntryRoute interface and let the route name the queue").isEmpty();
    }

    @Test
    void everyEntryRouteIsARouteOfARouteFile() throws IOException {
        StringBuilder routeFiles = new StringBuilder();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                routeFiles.append(Files.readString(f));
            }
        }
        List<String> entries = new ArrayList<>();
        for (Path file : javaSources()) {
            for (String line : Files.readAllLines(file)) {
                Matcher m = ENTRY_ROUTE.matcher(line.strip());
                if (m.matches()) {
                    entries.add(m.group(1));
                }
            }
        }
        assertThat(entries).as("the entry routes Java calls").hasSizeGreaterThanOrEqualTo(6);
        for (String entry : entries) {
            assertThat(routeFiles.toString()).as(entry + " is a route of a route file").containsPattern("- route:\\s*\\n\\s*id: " + Pattern.quote(entry) + "\\s*\\n");
        }
    }

    private static List<Path> javaSources() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }
}
