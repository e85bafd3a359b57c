package io.fullscriptbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.support.GenericApplicationContext;

/** bin/bridge's class data sharing training start (D94): a whole start, then the bridge stops by itself. */
class ExitWhenReadyTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(ExitWhenReady.class);

    @Test
    void onlyTheTrainingStartExits() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ExitWhenReady.class));
        runner.withPropertyValues("bridge.exit-when-ready=false")
                .run(context -> assertThat(context).doesNotHaveBean(ExitWhenReady.class));
        runner.withPropertyValues("bridge.exit-when-ready=true")
                .run(context -> assertThat(context).hasSingleBean(ExitWhenReady.class));
    }

    @Test
    void onceReadyTheContextIsClosedAndTheProcessExitsWithSpringsCode() {
        List<Integer> exits = new ArrayList<>();
        GenericApplicationContext context = new GenericApplicationContext();
        context.refresh();

        new ExitWhenReady(exits::add).onApplicationEvent(
                new ApplicationReadyEvent(new SpringApplication(), new String[0], context, Duration.ZERO));

        assertThat(context.isActive()).as("context closed before the exit").isFalse();
        assertThat(exits).containsExactly(0);
    }
}
