package io.fullscriptbridge.simulator;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.embedded.EmbeddedWebServerFactoryCustomizerAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;

/**
 * The Fullscript simulator as a process of its own: the same jar, started with the {@code simulator} profile
 * ({@code java -jar fullscript-bridge.jar --spring.profiles.active=simulator}). Several bridge nodes, or a bridge
 * that restarts, then talk to one simulator whose state outlives them. It starts only the web server and the
 * simulator's own beans (no broker, database or routes) and reads {@code simulator.yml}, not the bridge's
 * configuration: port 8090 on 127.0.0.1 unless told otherwise.
 */
public final class SimulatorApplication {

    public static final String PROFILE = "simulator";
    private static final String STANDALONE = "bridge.simulator.standalone";

    /**
     * The standalone process's configuration. The bridge's component scan also finds this class, so it applies
     * only where {@link #run} set {@code bridge.simulator.standalone}: inside the bridge it is skipped.
     */
    @SpringBootConfiguration
    @ConditionalOnProperty(STANDALONE)
    @ImportAutoConfiguration({
            PropertyPlaceholderAutoConfiguration.class,
            JacksonAutoConfiguration.class,
            HttpMessageConvertersAutoConfiguration.class,
            ServletWebServerFactoryAutoConfiguration.class,
            EmbeddedWebServerFactoryCustomizerAutoConfiguration.class,
            DispatcherServletAutoConfiguration.class,
            WebMvcAutoConfiguration.class,
            ErrorMvcAutoConfiguration.class})
    @ComponentScan(basePackageClasses = SimulatorApplication.class)
    static class Standalone {
    }

    private SimulatorApplication() {
    }

    public static ConfigurableApplicationContext run(String... args) {
        SpringApplication app = new SpringApplication(Standalone.class);
        // simulator.yml only: the bridge's application*.yml (broker, database, tenants) mean nothing here
        app.setDefaultProperties(Map.of("spring.config.name", "simulator", STANDALONE, "true"));
        app.setAdditionalProfiles(PROFILE);
        return app.run(args);
    }

    public static void main(String[] args) {
        run(args);
    }

    /** Whether these program arguments or the environment ask for the simulator rather than the bridge. */
    public static boolean requested(String[] args, Map<String, String> env) {
        for (String arg : args) {
            if (arg.startsWith("--spring.profiles.active=") && profiles(arg.substring(arg.indexOf('=') + 1))) {
                return true;
            }
        }
        String fromEnv = env.get("SPRING_PROFILES_ACTIVE");
        return fromEnv != null && profiles(fromEnv);
    }

    private static boolean profiles(String list) {
        for (String p : list.split(",")) {
            if (p.strip().equals(PROFILE)) {
                return true;
            }
        }
        return false;
    }
}
