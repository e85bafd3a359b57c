package io.fullscriptbridge.config;

import java.util.function.IntConsumer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * {@code bridge.exit-when-ready=true}: the bridge starts completely (context, broker, routes, web server), then shuts
 * down and exits with Spring's exit code. bin/bridge's class data sharing training start uses it (D94), so that the
 * archive holds the classes of a whole start, the lifecycle's included; {@code -Dspring.context.exit=onRefresh} stops
 * before the lifecycle (Camel's routes, the listeners, Tomcat) and left about 1,900 classes out. The setting is read
 * when the bridge is ready, not by a condition on the bean: the training start uses the jar's ahead-of-time bean
 * definitions too, which were made at build time without it (D96).
 */
@Component
class ExitWhenReady implements ApplicationListener<ApplicationReadyEvent> {

    private final IntConsumer exit;

    ExitWhenReady() {
        this(System::exit);
    }

    ExitWhenReady(IntConsumer exit) {
        this.exit = exit;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (!event.getApplicationContext().getEnvironment().getProperty("bridge.exit-when-ready", Boolean.class, false)) {
            return;
        }
        exit.accept(SpringApplication.exit(event.getApplicationContext()));
    }
}
