package io.fullscriptbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** bin/bridge's class data sharing training start (D94): a whole start, then the bridge stops by itself. */
class ExitWhenReadyTest {

    private final List<Integer> exits = new ArrayList<>();

    private GenericApplicationContext readyContext(Map<String, Object> settings) {
        GenericApplicationContext context = new GenericApplicationContext();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", settings));
        context.refresh();
        new ExitWhenReady(exits::add).onApplicationEvent(
                new ApplicationReadyEvent(new SpringApplication(), new String[0], context, Duration.ZERO));
        return context;
    }

    @Test
    void onlyTheTrainingStartExits() {
        assertThat(readyContext(Map.of()).isActive()).isTrue();
        assertThat(readyContext(Map.of("bridge.exit-when-ready", "false")).isActive()).isTrue();
        assertThat(exits).isEmpty();
    }

    @Test
    void onceReadyTheContextIsClosedAndTheProcessExitsWithSpringsCode() {
        GenericApplicationContext context = readyContext(Map.of("bridge.exit-when-ready", "true"));

        assertThat(context.isActive()).as("context closed before the exit").isFalse();
        assertThat(exits).containsExactly(0);
    }
}
