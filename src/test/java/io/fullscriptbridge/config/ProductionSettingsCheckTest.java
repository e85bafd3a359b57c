package io.fullscriptbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fullscriptbridge.BridgeApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.mock.env.MockEnvironment;

/** Started in prod without its settings, the bridge names every missing one at once and starts nothing. */
class ProductionSettingsCheckTest {

    @Test
    void theProdProfileWithNothingSetListsEveryMissingSetting() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(BridgeApplication.class).profiles("prod")
                .web(WebApplicationType.NONE).run("--spring.main.banner-mode=off"))
                .isInstanceOf(ProductionSettingsCheck.MissingSettingsException.class)
                .satisfies(e -> {
                    var missing = ((ProductionSettingsCheck.MissingSettingsException) e).missing();
                    assertThat(missing).hasSize(ProductionSettingsCheck.REQUIRED.size() + 1);
                    for (var required : ProductionSettingsCheck.REQUIRED) {
                        assertThat(e.getMessage()).contains(required.variable());
                    }
                    assertThat(e.getMessage()).contains("bridge.tenants");
                });
    }

    @Test
    void aTenantWithoutItsSecretsIsNamed() {
        MockEnvironment env = new MockEnvironment();
        ProductionSettingsCheck.REQUIRED.forEach(r -> env.setProperty(r.property(), "set"));
        env.setProperty("bridge.tenants.acme.display-name", "Acme");
        env.setProperty("bridge.tenants.acme.api-key", "k");

        assertThat(ProductionSettingsCheck.missing(env)).containsExactly(
                "bridge.tenants.acme.launch-secret: the secret that signs the tenant's launch links");
    }

    @Test
    void everythingSetIsEnough() {
        MockEnvironment env = new MockEnvironment();
        ProductionSettingsCheck.REQUIRED.forEach(r -> env.setProperty(r.property(), "set"));
        env.setProperty("bridge.tenants.acme.launch-secret", "s");
        env.setProperty("bridge.tenants.acme.api-key", "k");

        assertThat(ProductionSettingsCheck.missing(env)).isEmpty();
    }

    @Test
    void anUnresolvedPlaceholderCountsAsMissing() {
        MockEnvironment env = new MockEnvironment();
        ProductionSettingsCheck.REQUIRED.forEach(r -> env.setProperty(r.property(), "set"));
        env.setProperty("spring.datasource.url", "${DATABASE_URL_NOT_SET_ANYWHERE}");
        env.setProperty("bridge.tenants.acme.launch-secret", "s");
        env.setProperty("bridge.tenants.acme.api-key", "k");

        assertThat(ProductionSettingsCheck.missing(env)).singleElement().asString().startsWith("DATABASE_URL ");
    }
}
