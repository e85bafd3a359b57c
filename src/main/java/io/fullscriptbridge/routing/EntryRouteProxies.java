package io.fullscriptbridge.routing;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.ProxyBuilder;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
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

    /** The proxy of one entry route; Camel resolves the endpoint when the proxy is built. */
    public static <T> T proxy(CamelContext camel, Class<T> type) {
        EntryRoute route = type.getAnnotation(EntryRoute.class);
        if (route == null) {
            throw new IllegalArgumentException(type.getName() + " is not an @EntryRoute interface");
        }
        try {
            return new ProxyBuilder(camel).endpoint(route.value()).build(type);
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the proxy of " + type.getName() + " on " + route.value(), e);
        }
    }

    static class Registrar implements ImportBeanDefinitionRegistrar, BeanFactoryAware {

        private BeanFactory beanFactory;

        @Override
        public void setBeanFactory(BeanFactory beanFactory) {
            this.beanFactory = beanFactory;
        }

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
            RootBeanDefinition definition = new RootBeanDefinition(type, () -> proxy(beanFactory.getBean(CamelContext.class), type));
            registry.registerBeanDefinition(ClassUtils.getShortNameAsProperty(type), definition);
        }
    }
}
