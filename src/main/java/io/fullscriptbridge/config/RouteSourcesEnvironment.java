package io.fullscriptbridge.config;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Tells Camel which route files to load ({@link RouteSources}): runs after the configuration files are read, so
 * {@code bridge.routes.directory} may come from a profile, the environment ({@code BRIDGE_ROUTES_DIRECTORY}) or the
 * command line. Camel's own file watcher stays off: {@link RouteReloadConfiguration} installs one that keeps the
 * running route when a saved file is broken.
 */
public class RouteSourcesEnvironment implements EnvironmentPostProcessor, Ordered {

    public static final String DIRECTORY = "bridge.routes.directory";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        String directory = env.getProperty(DIRECTORY, "");
        Path dir = directory.isBlank() ? null : Path.of(directory);
        String locations = String.join(",", RouteSources.locations(dir));
        env.getPropertySources().addFirst(new MapPropertySource("bridgeRouteSources", Map.of(
                "camel.main.routes-include-pattern", locations,
                "camel.main.routes-reload-enabled", "false")));
    }

    @Override
    public int getOrder() {
        // after ConfigDataEnvironmentPostProcessor (application*.yml) and the other property sources
        return Ordered.LOWEST_PRECEDENCE;
    }
}
