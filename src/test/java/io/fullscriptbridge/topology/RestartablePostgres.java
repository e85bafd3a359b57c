package io.fullscriptbridge.topology;

import java.io.IOException;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * An embedded PostgreSQL that can be stopped and started again on the same port and data directory: a database
 * outage as a bridge node sees it (connections refused, then the same database back).
 */
final class RestartablePostgres implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres postgres;

    RestartablePostgres(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
        this.port = Ports.free();
    }

    RestartablePostgres start() throws IOException {
        // an existing data directory is kept (no initdb): the same database comes back
        postgres = EmbeddedPostgres.builder().setPort(port).setDataDirectory(dataDirectory).setCleanDataDirectory(false).start();
        return this;
    }

    /** pg_ctl stop -m fast: every session is ended, new connections are refused. */
    void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    boolean running() {
        return postgres != null;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
