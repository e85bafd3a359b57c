package io.fullscriptbridge.simulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Every simulator bean carries this, so that nothing of the simulator (API, admin endpoints, filters) exists
 * unless {@code bridge.simulator.enabled=true}. The simulator classes live under the application's
 * component-scan root, so the condition has to sit on each component rather than on one configuration class.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ConditionalOnProperty(name = "bridge.simulator.enabled", havingValue = "true", matchIfMissing = false)
public @interface ConditionalOnSimulatorEnabled {
}
