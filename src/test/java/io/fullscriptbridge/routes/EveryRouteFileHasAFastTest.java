package io.fullscriptbridge.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** A new route file comes with its fast test: some *RouteTest here loads it with {@code RouteHarness.of("<file>")}. */
class EveryRouteFileHasAFastTest {

    @Test
    void eachRouteFileIsLoadedByARouteTest() throws Exception {
        StringBuilder tests = new StringBuilder();
        try (Stream<Path> files = Files.list(Path.of("src/test/java/io/fullscriptbridge/routes"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith("RouteTest.java")).toList()) {
                tests.append(Files.readString(f));
            }
        }
        List<String> routeFiles;
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            routeFiles = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml")).sorted().toList();
        }
        for (String file : routeFiles) {
            assertThat(tests.toString()).as(file + " has a fast test (RouteHarness.of(\"" + file + "\"…))")
                    .containsPattern("RouteHarness\\.of\\([^)]*\"" + java.util.regex.Pattern.quote(file) + "\"");
        }
    }
}
