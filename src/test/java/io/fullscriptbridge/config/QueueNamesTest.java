package io.fullscriptbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * One set of queue names: the route files read bridge.queues.* from application.yml (Camel's placeholders come from
 * the environment), the broker configuration from {@link QueueNames}. Its defaults must be application.yml's values,
 * or a broker built without the file (BrokerPropertiesTest, DeadLetterRetentionTest) would create other queues.
 */
class QueueNamesTest {

    @Test
    void applicationYmlHoldsTheDefaultsOfQueueNames() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        java.util.Properties properties = yaml.getObject();
        for (java.lang.reflect.Field field : QueueNames.class.getDeclaredFields()) {
            String key = "bridge.queues." + field.getName().replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
            assertThat(properties).as("the routes' placeholder {{" + key + "}}").containsKey(key);
        }
        QueueNames fromYaml = new Binder(new MapConfigurationPropertySource(properties))
                .bind("bridge.queues", QueueNames.class).orElseThrow(() -> new AssertionError("application.yml has no bridge.queues"));

        assertThat(fromYaml).usingRecursiveComparison().isEqualTo(new QueueNames());
    }
}
