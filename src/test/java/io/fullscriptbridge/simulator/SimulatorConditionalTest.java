package io.fullscriptbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * The simulator exists only when switched on. A plain context runner over the simulator package is enough to show
 * it (no server, no broker), so this is the one simulator test that does not use {@link SimulatorIntegrationTest}.
 */
class SimulatorConditionalTest {

    @Configuration(proxyBeanMethods = false)
    @ComponentScan(basePackageClasses = SimulatorState.class)
    static class ScanSimulatorPackage {
    }

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
            .withUserConfiguration(ScanSimulatorPackage.class);

    @Test
    void nothingOfTheSimulatorExistsByDefault() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(SimulatorState.class);
            assertThat(context).doesNotHaveBean(SimulatorOAuthController.class);
            assertThat(context).doesNotHaveBean(SimulatorAdminController.class);
            assertThat(context).doesNotHaveBean(SimulatorApiInterceptor.class);
            assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
        });
        runner.withPropertyValues("bridge.simulator.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(SimulatorPatientController.class));
    }

    @Test
    void everythingIsThereWhenEnabled() {
        runner.withPropertyValues("bridge.simulator.enabled=true", "bridge.simulator.client-id=other-client",
                        "bridge.simulator.access-token-ttl=60")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(SimulatorState.class);
                    assertThat(context).hasSingleBean(SimulatorAdminController.class);
                    assertThat(context).hasSingleBean(SimulatorRequestLog.class);
                    SimulatorProperties properties = context.getBean(SimulatorProperties.class);
                    assertThat(properties.clientId()).isEqualTo("other-client");
                    assertThat(properties.clientSecret()).isEqualTo("sim-client-secret");
                    assertThat(properties.accessTokenTtl().toSeconds()).isEqualTo(60);
                    assertThat(properties.seedTokenTtl().toDays()).isEqualTo(3650);
                });
    }

    @Test
    void aConfiguredRedirectUriListMakesOtherRedirectUris404LikeFullscript() {
        runner.withPropertyValues("bridge.simulator.enabled=true",
                        "bridge.simulator.redirect-uris=https://bridge.example/oauth/callback")
                .run(context -> {
                    SimulatorOAuthController oauth = context.getBean(SimulatorOAuthController.class);
                    assertThat(oauth.authorizePage("sim-client-id", "https://evil.example/cb", "code", null)
                            .getStatusCode().value()).isEqualTo(404);
                    assertThat(oauth.authorizePage("sim-client-id", "https://bridge.example/oauth/callback", "code",
                            null).getStatusCode().value()).isEqualTo(200);
                });
    }
}
