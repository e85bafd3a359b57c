package io.fullscriptbridge.simulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.fullscriptbridge.support.BridgeIntegrationTest;

/**
 * The whole application on a random port with the Fullscript simulator switched on (the shared test context). Every simulator test class uses
 * this, so they all share one cached context. Test classes reset the simulator in {@code @BeforeEach}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@BridgeIntegrationTest
public @interface SimulatorIntegrationTest {
}
