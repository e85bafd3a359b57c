package io.fullscriptbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.DivertConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisProperties;

/**
 * The external broker's settings (docker/artemis/broker.properties plus a tenant added with add-tenant.sh) are the
 * embedded broker's: the same dead-letter addresses and redelivery, the same rights per address, the same diverts.
 * Change one without the other and this fails.
 */
class BrokerPropertiesTest {

    @TempDir
    Path instance;

    @Test
    void theExternalBrokersSettingsAreTheEmbeddedOnes() throws Exception {
        Configuration external = external("demo");
        Configuration embedded = embedded("demo");

        for (String match : embedded.getAddressSettings().keySet()) {
            assertThat(external.getAddressSettings()).as("address settings for " + match).containsKey(match);
            assertThat(describe(external.getAddressSettings().get(match))).as("address settings for " + match)
                    .isEqualTo(describe(embedded.getAddressSettings().get(match)));
        }
        assertThat(rights(external)).isEqualTo(rights(embedded));
        assertThat(diverts(external)).isEqualTo(diverts(embedded));
        assertThat(external.isPersistDeliveryCountBeforeDelivery()).isEqualTo(embedded.isPersistDeliveryCountBeforeDelivery());
        assertThat(queues(external)).containsAll(queues(embedded));
    }

    private Configuration external(String tenant) throws Exception {
        Path etc = Files.createDirectories(instance.resolve("etc"));
        Files.copy(Path.of("docker/artemis/broker.properties"), etc.resolve("broker.properties"));
        Files.writeString(etc.resolve("artemis-users.properties"), "bridge = x\n");
        Files.writeString(etc.resolve("artemis-roles.properties"), "bridge = bridge\n");
        Process add = new ProcessBuilder("bash", "docker/artemis/add-tenant.sh", instance.toString(), tenant, tenant, "secret")
                .redirectErrorStream(true).start();
        assertThat(add.waitFor()).as(new String(add.getInputStream().readAllBytes())).isZero();
        assertThat(Files.readString(etc.resolve("artemis-roles.properties"))).contains("tenant." + tenant + " = " + tenant);

        ConfigurationImpl config = new ConfigurationImpl();
        config.parseProperties(etc.resolve("broker.properties").toString());
        assertThat(config.getStatus()).as("Artemis read every line of broker.properties").doesNotContain("\"errors\":[{");
        return config;
    }

    private static Configuration embedded(String tenant) throws Exception {
        BridgeProperties bridge = new BridgeProperties();
        BridgeProperties.Tenant t = new BridgeProperties.Tenant();
        BridgeProperties.BrokerUser user = new BridgeProperties.BrokerUser();
        user.setUsername(tenant);
        user.setPassword("secret");
        t.setBrokerUsers(List.of(user));
        bridge.getTenants().put(tenant, t);
        ArtemisProperties artemis = new ArtemisProperties();
        artemis.setUser("bridge");
        artemis.setPassword("x");
        ConfigurationImpl config = new ConfigurationImpl();
        new BrokerConfiguration().bridgeBrokerCustomizer(new BrokerProperties(), bridge, artemis, new QueueNames(), java.time.Duration.ofDays(14)).customize(config);
        return config;
    }

    private static String describe(AddressSettings s) {
        return "dla=" + s.getDeadLetterAddress() + " delay=" + s.getRedeliveryDelay() + " multiplier=" + s.getRedeliveryMultiplier()
                + " maxDelay=" + s.getMaxRedeliveryDelay() + " attempts=" + s.getMaxDeliveryAttempts()
                + " autoDlq=" + s.isAutoCreateDeadLetterResources() + " dlqPrefix=" + s.getDeadLetterQueuePrefix()
                + " expiryDelay=" + s.getExpiryDelay() + " expiryAddress=" + s.getExpiryAddress()
                + " consumerWindow=" + s.getDefaultConsumerWindowSize();
    }

    private static Map<String, String> rights(Configuration c) {
        Map<String, String> rights = new TreeMap<>();
        c.getSecurityRoles().forEach((match, roles) -> rights.put(match, roles.stream()
                .map(BrokerPropertiesTest::describe).sorted().collect(Collectors.joining("; "))));
        return rights;
    }

    private static String describe(Role r) {
        return r.getName() + ":" + (r.isSend() ? " send" : "") + (r.isConsume() ? " consume" : "") + (r.isBrowse() ? " browse" : "")
                + (r.isManage() ? " manage" : "") + (r.isCreateAddress() ? " createAddress" : "") + (r.isDeleteAddress() ? " deleteAddress" : "")
                + (r.isCreateDurableQueue() ? " createDurableQueue" : "") + (r.isDeleteDurableQueue() ? " deleteDurableQueue" : "")
                + (r.isCreateNonDurableQueue() ? " createNonDurableQueue" : "") + (r.isDeleteNonDurableQueue() ? " deleteNonDurableQueue" : "");
    }

    private static Map<String, String> diverts(Configuration c) {
        Map<String, String> diverts = new TreeMap<>();
        for (DivertConfiguration d : c.getDivertConfigurations()) {
            diverts.put(d.getName(), d.getAddress() + " -> " + d.getForwardingAddress() + " exclusive=" + d.isExclusive()
                    + " routing=" + d.getRoutingType() + " transformer=" + d.getTransformerConfiguration().getClassName()
                    + " " + new TreeMap<>(d.getTransformerConfiguration().getProperties()));
        }
        return diverts;
    }

    private static List<String> queues(Configuration c) {
        return java.util.stream.Stream.concat(
                        c.getAddressConfigurations().stream().flatMap(a -> a.getQueueConfigs().stream()),
                        c.getQueueConfigs().stream())
                .map(q -> q.getName().toString()).distinct().sorted().toList();
    }
}
