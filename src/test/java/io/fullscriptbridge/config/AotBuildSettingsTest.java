package io.fullscriptbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Which of a start's settings differ from the ones the ahead-of-time definitions were built with (D96). */
class AotBuildSettingsTest {

    private static Properties builtWith(MockEnvironment build, String... names) {
        Properties recorded = new Properties();
        for (String name : names) {
            recorded.setProperty(name, AotBuildSettings.fingerprint(build, name));
        }
        return recorded;
    }

    @Test
    void aSettingWithAnotherValueOrNewlyGivenDiffers() {
        MockEnvironment build = new MockEnvironment().withProperty("bridge.simulator.enabled", "true")
                .withProperty("spring.quartz.job-store-type", "jdbc");
        Properties recorded = builtWith(build, "bridge.simulator.enabled", "spring.quartz.job-store-type", "spring.jpa.open-in-view");

        MockEnvironment start = new MockEnvironment().withProperty("bridge.simulator.enabled", "false")
                .withProperty("spring.quartz.job-store-type", "jdbc").withProperty("spring.jpa.open-in-view", "true");

        assertThat(AotBuildSettings.differences(recorded, start))
                .containsExactly("bridge.simulator.enabled", "spring.jpa.open-in-view");
        assertThat(AotBuildSettings.differences(recorded, build)).isEmpty();
    }

    @Test
    void theProcessAndThePortDoNotDecideAndAUrlDecidesByBeingGiven() {
        MockEnvironment build = new MockEnvironment().withProperty("spring.application.pid", "100")
                .withProperty("spring.datasource.url", "jdbc:h2:file:./data/bridge").withProperty("bridge.data-dir", "./data");
        Properties recorded = builtWith(build, "spring.application.pid", "spring.application.version", "server.port",
                "spring.datasource.url", "bridge.data-dir");

        MockEnvironment otherDirectory = new MockEnvironment().withProperty("spring.application.pid", "200")
                .withProperty("spring.application.version", "0.1.0-SNAPSHOT").withProperty("server.port", "9090")
                .withProperty("spring.datasource.url", "jdbc:h2:file:/srv/bridge/bridge").withProperty("bridge.data-dir", "/srv/bridge");
        assertThat(AotBuildSettings.differences(recorded, otherDirectory)).isEmpty();

        MockEnvironment noUrl = new MockEnvironment().withProperty("bridge.data-dir", "./data");
        assertThat(AotBuildSettings.differences(recorded, noUrl)).containsExactly("spring.datasource.url");
    }

    @Test
    void theRecordHoldsNoValues() {
        MockEnvironment build = new MockEnvironment().withProperty("spring.security.user.password", "local-admin-secret");
        Properties recorded = builtWith(build, "spring.security.user.password");

        assertThat(recorded.getProperty("spring.security.user.password")).doesNotContain("local-admin-secret").hasSize(24);
    }
}
