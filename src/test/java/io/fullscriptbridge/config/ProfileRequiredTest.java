package io.fullscriptbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fullscriptbridge.BridgeApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.env.StandardEnvironment;

/** A bare {@code java -jar} must not fall back to the local profile's admin password and demo secrets. */
class ProfileRequiredTest {

    @Test
    void theApplicationRefusesToStartWithoutAProfile() {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(BridgeApplication.class)
                .properties("server.port=0", "bridge.broker.acceptor-port=0", "bridge.data-dir=target/test-data/no-profile")
                .run());
        assertThat(failure).isInstanceOf(ProfileRequired.NoProfileException.class)
                .hasMessageContaining("No Spring profile is active").hasMessageContaining("SPRING_PROFILES_ACTIVE=prod");
        assertThat(new ProfileRequired.Analyzer().analyze(failure).getAction()).contains("SPRING_PROFILES_ACTIVE=prod");
    }

    @Test
    void anExplicitProfilePasses() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.setActiveProfiles("prod");
        assertThatCode(() -> new ProfileRequired().postProcessEnvironment(environment, new SpringApplication())).doesNotThrowAnyException();
    }
}
