package io.fullscriptbridge.simulator;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Wires the Fullscript simulator into the application when {@code bridge.simulator.enabled=true}:
 * API base URL {@code http://host:port/simulator/fullscript/api}, admin endpoints under {@code /simulator/admin}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnSimulatorEnabled
@EnableConfigurationProperties(SimulatorProperties.class)
public class SimulatorConfiguration implements WebMvcConfigurer {

    private final SimulatorApiInterceptor apiInterceptor;

    public SimulatorConfiguration(SimulatorApiInterceptor apiInterceptor) {
        this.apiInterceptor = apiInterceptor;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(apiInterceptor).addPathPatterns(SimulatorApiFilter.BASE_PATH + "/api/**");
    }

    @Bean
    public FilterRegistrationBean<SimulatorApiFilter> simulatorApiFilter(SimulatorRequestLog requestLog) {
        FilterRegistrationBean<SimulatorApiFilter> registration =
                new FilterRegistrationBean<>(new SimulatorApiFilter(requestLog));
        registration.addUrlPatterns(SimulatorApiFilter.BASE_PATH + "/api/*");
        registration.setName("simulatorApiFilter");
        // outermost, so the count sees the final status and every response gets its X-Request-Id
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * Fullscript's pagination parameters are {@code page[number]} and {@code page[size]}, and its date filters look
     * like {@code created_at=>2024-05-01}; Tomcat rejects unencoded square and angle brackets in a query string with
     * 400 unless they are allowed. Clients that send them raw must work.
     */
    @Bean
    public WebServerFactoryCustomizer<TomcatServletWebServerFactory> simulatorQueryBrackets() {
        return factory -> factory.addConnectorCustomizers(connector -> {
            Object current = connector.getProperty("relaxedQueryChars");
            String chars = current == null ? "" : current.toString();
            if (!chars.contains("[")) {
                chars += "[";
            }
            if (!chars.contains("]")) {
                chars += "]";
            }
            if (!chars.contains("<")) {
                chars += "<";
            }
            if (!chars.contains(">")) {
                chars += ">";
            }
            connector.setProperty("relaxedQueryChars", chars);
        });
    }
}
