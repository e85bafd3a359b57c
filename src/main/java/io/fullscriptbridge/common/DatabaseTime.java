package io.fullscriptbridge.common;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The timestamps the bridge writes itself (JDBC) into {@code timestamp with time zone} columns: now, in UTC. */
public final class DatabaseTime {

    private DatabaseTime() {
    }

    public static OffsetDateTime utcNow() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
