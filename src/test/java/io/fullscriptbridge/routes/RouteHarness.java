package io.fullscriptbridge.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.fullscriptbridge.routing.EntryRouteProxies;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.component.stub.StubComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.function.ThrowingConsumer;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/**
 * One route file (and what it needs) in a bare Camel context, in a few hundred milliseconds: no Spring, no broker, no
 * database. The route's edges are stubbed: {@code jms:} is Camel's stub component (in-memory queues: a message sent
 * to a queue nobody consumes waits there for the test to look at), a {@code quartz:} trigger is replaced with a
 * {@code direct:} by {@link #advice}, the beans a route names
 * are whatever the test binds (usually Mockito mocks of the real classes), and a {@code direct:} of another file is a
 * {@code mock:} when the test says so. The placeholders come from application.yml, as in the application.
 */
final class RouteHarness implements AutoCloseable {

    final DefaultCamelContext camel = new DefaultCamelContext();
    private final List<String> files = new ArrayList<>();
    private final List<String[]> stubbedDirects = new ArrayList<>();
    private final List<Advice> advices = new ArrayList<>();
    private final Properties properties = applicationProperties();

    private record Advice(String routeId, ThrowingConsumer<AdviceWithRouteBuilder, Exception> advice) {
    }

    /** @param routeFiles names in routes/, e.g. "ehr-inbound.camel.yaml" */
    static RouteHarness of(String... routeFiles) {
        RouteHarness harness = new RouteHarness();
        harness.files.addAll(List.of(routeFiles));
        return harness;
    }

    RouteHarness bind(String name, Object bean) {
        camel.getRegistry().bind(name, bean);
        return this;
    }

    RouteHarness property(String name, String value) {
        properties.setProperty(name, value);
        return this;
    }

    /** A route of another file this one sends to, replaced by a mock endpoint ({@link #mock}). */
    RouteHarness stubDirect(String directUri, String mockUri) {
        stubbedDirects.add(new String[] {directUri, mockUri});
        return this;
    }

    RouteHarness advice(String routeId, ThrowingConsumer<AdviceWithRouteBuilder, Exception> advice) {
        advices.add(new Advice(routeId, advice));
        return this;
    }

    RouteHarness start() throws Exception {
        camel.getPropertiesComponent().setInitialProperties(properties);
        // nothing here is worth waiting for at the end of a test
        camel.getShutdownStrategy().setTimeout(1);
        StubComponent queues = new StubComponent();
        queues.setDefaultPollTimeout(50);
        camel.addComponent("jms", queues);
        for (String file : files) {
            PluginHelper.getRoutesLoader(camel).loadRoutes(PluginHelper.getResourceLoader(camel).resolveResource("file:routes/" + file));
        }
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                for (String[] stub : stubbedDirects) {
                    from(stub[0]).routeId("stub-" + stub[1]).to(stub[1]);
                }
            }
        });
        for (Advice a : advices) {
            AdviceWith.adviceWith(camel, a.routeId(), a.advice());
        }
        camel.start();
        return this;
    }

    /** The proxy Java callers get for an @EntryRoute interface. */
    <T> T entry(Class<T> type) {
        return EntryRouteProxies.proxy(camel, type);
    }

    org.apache.camel.component.mock.MockEndpoint mock(String uri) {
        return camel.getEndpoint(uri, org.apache.camel.component.mock.MockEndpoint.class);
    }

    /** What waits on an (unconsumed) stubbed queue: {@code queue("bridge.unrouted")}. */
    List<Exchange> queue(String name) {
        return new ArrayList<>(camel.getEndpoint("jms:queue:" + name, SedaEndpoint.class).getExchanges());
    }

    /** Puts a message on a stubbed queue or quartz trigger, as the broker or the scheduler would. */
    void send(String uri, Object body, java.util.Map<String, Object> headers) {
        camel.createProducerTemplate().sendBodyAndHeaders(uri, body, headers);
    }

    @Override
    public void close() {
        camel.stop();
    }

    private static Properties applicationProperties() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        Properties all = yaml.getObject();
        return all == null ? new Properties() : all;
    }
}
