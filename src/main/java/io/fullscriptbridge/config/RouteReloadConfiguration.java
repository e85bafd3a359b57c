package io.fullscriptbridge.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Live reload of the route override directory ({@code bridge.routes.directory}, when it exists and
 * {@code bridge.routes.reload} is on): a saved file replaces its routes; a broken one is reported and the previous
 * version keeps running ({@link SafeRouteReloadStrategy}). Decided when the bridge starts, not by a condition on the
 * bean definitions: those may have been made at build time (D96), and the directory is a per-installation setting.
 */
@Configuration
public class RouteReloadConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RouteReloadConfiguration.class);

    @Bean
    SafeRouteReloadStrategy routeReloadStrategy(org.springframework.core.env.Environment env, MeterRegistry meters) {
        Path directory = Path.of(env.getProperty(RouteSourcesEnvironment.DIRECTORY, ""));
        SafeRouteReloadStrategy strategy = new SafeRouteReloadStrategy(directory, Clock.systemUTC());
        if (!reloadOn(env)) {
            return strategy;
        }
        Gauge.builder("bridge.routes.reload.broken", strategy, s -> s.brokenFiles().size())
                .description("route files whose last save could not be loaded (their previous version is running)")
                .register(meters);
        Gauge.builder("bridge.routes.reload.rejected", strategy, SafeRouteReloadStrategy::rejectedCount)
                .description("route file saves refused since start").register(meters);
        Gauge.builder("bridge.routes.reload.reloaded", strategy, SafeRouteReloadStrategy::reloadedCount)
                .description("route file saves loaded since start").register(meters);
        return strategy;
    }

    @Bean
    CamelContextConfiguration routeReloadInstaller(SafeRouteReloadStrategy strategy, org.springframework.core.env.Environment env) {
        Path directory = Path.of(env.getProperty(RouteSourcesEnvironment.DIRECTORY, ""));
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                if (!reloadOn(env)) {
                    return;
                }
                if (!Files.isDirectory(directory)) {
                    log.info("route reload off: {} is not a directory", directory.toAbsolutePath());
                    return;
                }
                for (String location : RouteSources.locations(directory)) {
                    Resource resource = PluginHelper.getResourceLoader(context).resolveResource(location);
                    strategy.rememberLoaded(location.substring(location.lastIndexOf('/') + 1), read(resource));
                }
                try {
                    context.addService(strategy);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot start the route file watcher", e);
                }
                log.info("route files in {} are reloaded when saved", directory.toAbsolutePath());
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
            }
        };
    }

    private static boolean reloadOn(org.springframework.core.env.Environment env) {
        return !env.getProperty(RouteSourcesEnvironment.DIRECTORY, "").isEmpty()
                && env.getProperty("bridge.routes.reload", Boolean.class, true);
    }

    private static String read(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read route file " + resource.getLocation(), e);
        }
    }
}
