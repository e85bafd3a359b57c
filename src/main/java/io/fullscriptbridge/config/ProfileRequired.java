package io.fullscriptbridge.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * No silent fail-open: the bridge refuses to start without an explicit profile. Without this a bare
 * {@code java -jar} would have run as {@code local}, with the local admin password, the demo tenant's secrets and
 * the simulator. {@code mvn spring-boot:run} passes {@code local} (pom.xml), tests pass {@code test}, the docker
 * image and compose file {@code prod}.
 */
public class ProfileRequired implements EnvironmentPostProcessor {

    static final String MESSAGE = "No Spring profile is active. Start the bridge with SPRING_PROFILES_ACTIVE=prod "
            + "(or --spring.profiles.active=prod); use local only on a developer machine (mvn spring-boot:run does).";

    /** Thrown at start-up; {@link Analyzer} turns it into Boot's one-paragraph failure report. */
    public static class NoProfileException extends IllegalStateException {
        public NoProfileException() {
            super(MESSAGE);
        }
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getActiveProfiles().length == 0) {
            throw new NoProfileException();
        }
    }

    public static class Analyzer extends AbstractFailureAnalyzer<NoProfileException> {
        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, NoProfileException cause) {
            return new FailureAnalysis("The bridge was started without a profile, and would otherwise run with local "
                    + "development defaults (admin/admin, demo secrets, the Fullscript simulator).",
                    "Set SPRING_PROFILES_ACTIVE=prod and the secrets it asks for (README, Configuration), or "
                            + "SPRING_PROFILES_ACTIVE=local on a developer machine.", cause);
        }
    }
}
