package io.fullscriptbridge.simulator;

import java.time.Instant;

/** A clinic in the simulator. Immutable snapshot. */
public record SimClinic(
        String id,
        String name,
        String dispensaryUrl,
        String integrationId,
        Instant integrationActivatedAt) {
}
