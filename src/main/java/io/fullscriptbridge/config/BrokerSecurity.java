package io.fullscriptbridge.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;

/**
 * Who may do what on the embedded broker, in Artemis' own terms: users and roles for its JAAS security manager
 * (the in-memory {@link InVMLoginModule}), and security settings per address match. Artemis uses the most
 * specific match only, so every match names the bridge's role too.
 * <ul>
 * <li>the bridge's own user: everything, everywhere ({@code #});</li>
 * <li>a tenant's users (role {@code tenant.<id>}): send to ehr.inbound.&lt;tenant&gt;, read ehr.outbound.&lt;tenant&gt;,
 * create and read reply queues under ehr.reply.&lt;tenant&gt;.; nothing else (ehr.inbound itself, the invalid
 * queue, DLQ.*, fullscript.*, other tenants' queues, new addresses);</li>
 * <li>no default user: anonymous connections are refused.</li>
 * </ul>
 */
public final class BrokerSecurity {

    public static final String BRIDGE_ROLE = "bridge";

    private final String bridgeUser;
    private final String bridgePassword;
    private final Map<String, BridgeProperties.Tenant> tenants;
    private final QueueNames queues;

    public BrokerSecurity(String bridgeUser, String bridgePassword, Map<String, BridgeProperties.Tenant> tenants, QueueNames queues) {
        if (bridgeUser == null || bridgeUser.isBlank() || bridgePassword == null || bridgePassword.isBlank()) {
            throw new IllegalStateException("the embedded broker needs the bridge's own broker user: set spring.artemis.user and "
                    + "spring.artemis.password (ARTEMIS_USER, ARTEMIS_PASSWORD)");
        }
        this.bridgeUser = bridgeUser;
        this.bridgePassword = bridgePassword;
        this.tenants = tenants;
        this.queues = queues;
    }

    public static String tenantRole(String tenant) {
        return "tenant." + tenant;
    }

    /** The broker's users: the bridge, and every tenant's broker users, each with its role. */
    public ActiveMQJAASSecurityManager securityManager() {
        SecurityConfiguration users = new SecurityConfiguration();
        users.addUser(bridgeUser, bridgePassword);
        users.addRole(bridgeUser, BRIDGE_ROLE);
        Map<String, String> owner = new HashMap<>();
        owner.put(bridgeUser, "the bridge");
        tenants.forEach((tenant, config) -> {
            for (BridgeProperties.BrokerUser user : config.getBrokerUsers()) {
                if (user.getUsername() == null || user.getUsername().isBlank() || user.getPassword() == null || user.getPassword().isBlank()) {
                    throw new IllegalStateException("tenant " + tenant + " has a broker user without a username or password");
                }
                String previous = owner.putIfAbsent(user.getUsername(), tenant);
                if (previous != null) {
                    throw new IllegalStateException("broker user '" + user.getUsername() + "' is configured for " + previous + " and " + tenant);
                }
                users.addUser(user.getUsername(), user.getPassword());
                users.addRole(user.getUsername(), tenantRole(tenant));
            }
        });
        return new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users);
    }

    /** Security settings: address match to the roles allowed there. */
    public Map<String, Set<Role>> securitySettings() {
        Map<String, Set<Role>> settings = new LinkedHashMap<>();
        settings.put("#", Set.of(bridge()));
        for (String tenant : tenants.keySet()) {
            String role = tenantRole(tenant);
            Role sender = new Role();
            sender.setName(role);
            sender.setSend(true);
            settings.put(queues.inboundFor(tenant), Set.of(bridge(), sender));

            Role reader = new Role();
            reader.setName(role);
            reader.setConsume(true);
            reader.setBrowse(true);
            settings.put(queues.outboundFor(tenant), Set.of(bridge(), reader));

            Role replies = new Role();
            replies.setName(role);
            replies.setConsume(true);
            replies.setBrowse(true);
            replies.setCreateAddress(true);
            replies.setCreateDurableQueue(true);
            replies.setCreateNonDurableQueue(true);
            replies.setDeleteDurableQueue(true);
            replies.setDeleteNonDurableQueue(true);
            settings.put(queues.replyPrefixOf(tenant) + "#", Set.of(bridge(), replies));
        }
        return settings;
    }

    private static Role bridge() {
        return new Role(BRIDGE_ROLE, true, true, true, true, true, true, true, true, true, true, true, true);
    }
}
