package io.fullscriptbridge.routing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.builder.ProxyBuilder;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.ResolvableType;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * One bean per {@link EntryRoute} interface of the bridge: a Camel proxy ({@link ProxyBuilder}) on the interface's
 * entry route. Callers inject the interface like any bean (and tests replace it with a stub).
 */
@Configuration
@Import(EntryRouteProxies.Registrar.class)
public class EntryRouteProxies {

    static final String BASE_PACKAGE = "io.fullscriptbridge";

    /**
     * The proxy of one entry route. The interface names the route by its id; the endpoint is the route's own
     * {@code from}, looked up on the first call (beans are made before Camel has loaded the route files), so the route
     * file is the only place that says where the route is reached.
     */
    public static <T> T proxy(CamelContext camel, Class<T> type) {
        EntryRoute entry = type.getAnnotation(EntryRoute.class);
        if (entry == null) {
            throw new IllegalArgumentException(type.getName() + " is not an @EntryRoute interface");
        }
        AtomicReference<T> built = new AtomicReference<>();
        InvocationHandler handler = (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> self == args[0];
                    case "hashCode" -> System.identityHashCode(self);
                    default -> "EntryRoute proxy of " + type.getSimpleName() + " on route " + entry.value();
                };
            }
            T target = built.updateAndGet(existing -> existing != null ? existing : build(camel, type, entry.value()));
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static <T> T build(CamelContext camel, Class<T> type, String routeId) {
        Route route = camel.getRoute(routeId);
        if (route == null) {
            throw new IllegalStateException("no route '" + routeId + "' (the entry route of " + type.getName() + ") in the route files");
        }
        try {
            return new ProxyBuilder(camel).endpoint(route.getEndpoint()).build(type);
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the proxy of " + type.getName() + " on route " + routeId, e);
        }
    }

    static class Registrar implements ImportBeanDefinitionRegistrar {

        @Override
        public void registerBeanDefinitions(AnnotationMetadata importing, BeanDefinitionRegistry registry) {
            ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
                @Override
                protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                    return definition.getMetadata().isInterface() && definition.getMetadata().isIndependent();
                }
            };
            scanner.addIncludeFilter(new AnnotationTypeFilter(EntryRoute.class));
            for (BeanDefinition found : scanner.findCandidateComponents(BASE_PACKAGE)) {
                register(registry, ClassUtils.resolveClassName(found.getBeanClassName(), getClass().getClassLoader()));
            }
        }

        private <T> void register(BeanDefinitionRegistry registry, Class<T> type) {
            RootBeanDefinition definition = new RootBeanDefinition(ProxyFactory.class);
            definition.getConstructorArgumentValues().addIndexedArgumentValue(0, type);
            definition.setTargetType(ResolvableType.forClassWithGenerics(ProxyFactory.class, type));
            registry.registerBeanDefinition(ClassUtils.getShortNameAsProperty(type), definition);
        }
    }

    /** Makes one entry route's proxy; a factory bean so the definition needs no instance supplier (Spring AOT). */
    static class ProxyFactory<T> implements FactoryBean<T>, BeanFactoryAware {
        private final Class<T> type;
        private BeanFactory beanFactory;

        ProxyFactory(Class<T> type) {
            this.type = type;
        }

        @Override
        public void setBeanFactory(BeanFactory beanFactory) {
            this.beanFactory = beanFactory;
        }

        @Override
        public T getObject() {
            return proxy(beanFactory.getBean(CamelContext.class), type);
        }

        @Override
        public Class<?> getObjectType() {
            return type;
        }
    }
}
