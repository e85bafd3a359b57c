package io.fullscriptbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar's route files, replaced by name and added to from an override directory. */
class RouteSourcesTest {

    @TempDir
    Path dir;

    @Test
    void withoutADirectoryEveryRouteComesFromTheJar() {
        assertThat(RouteSources.locations(null))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l).startsWith("classpath:routes/").endsWith(".camel.yaml"))
                .contains("classpath:routes/ehr-inbound.camel.yaml");
        assertThat(RouteSources.locations(dir.resolve("missing"))).isEqualTo(RouteSources.locations(null));
    }

    @Test
    void aFileOfTheSameNameReplacesTheShippedOneAndNewFilesAreAdded() throws Exception {
        Files.writeString(dir.resolve("ehr-outbound.camel.yaml"), "- route: {}");
        Files.writeString(dir.resolve("my-extra.camel.yaml"), "- route: {}");
        Files.writeString(dir.resolve("notes.txt"), "not a route");

        var locations = RouteSources.locations(dir);

        assertThat(locations).contains("file:" + dir.resolve("ehr-outbound.camel.yaml").toAbsolutePath(),
                "file:" + dir.resolve("my-extra.camel.yaml").toAbsolutePath(), "classpath:routes/ehr-inbound.camel.yaml");
        assertThat(locations).doesNotContain("classpath:routes/ehr-outbound.camel.yaml");
        assertThat(locations).noneMatch(l -> l.endsWith("notes.txt"));
        assertThat(locations).hasSize(RouteSources.shippedNames().size() + 1);
    }
}
