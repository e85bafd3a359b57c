package io.fullscriptbridge.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.fullscriptbridge.BridgeApplication;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole bridge on real parts: embedded Artemis with its network acceptor on a free port, H2, the simulator
 * on a random HTTP port, the YAML routes from routes/, a {@link TestClock}. All classes with this annotation share one context; each starts from the simulator's seed
 * state ({@link SimulatorBaseline}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@CamelSpringBootTest
@AutoConfigureObservability
@Import(TestClock.Configuration.class)
@ExtendWith(SimulatorBaseline.class)
public @interface BridgeIntegrationTest {
}
