package io.fullscriptbridge;

import io.fullscriptbridge.simulator.SimulatorApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class BridgeApplication {
    public static void main(String[] args) {
        if (SimulatorApplication.requested(args, System.getenv())) {
            SimulatorApplication.run(args);
            return;
        }
        SpringApplication.run(BridgeApplication.class, args);
    }
}
