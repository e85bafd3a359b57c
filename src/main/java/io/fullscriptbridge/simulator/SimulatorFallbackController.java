package io.fullscriptbridge.simulator;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Any other path or method under the simulated API answers 404 {@code {"error":["Not found"]}} (after
 * authentication, like an unrouted request to a Rails API) instead of Spring's HTML/whitelabel error.
 */
@RestController
@ConditionalOnSimulatorEnabled
public class SimulatorFallbackController {

    @RequestMapping(SimulatorApiFilter.BASE_PATH + "/api/**")
    public ResponseEntity<Map<String, Object>> notFound() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", List.of("Not found")));
    }
}
