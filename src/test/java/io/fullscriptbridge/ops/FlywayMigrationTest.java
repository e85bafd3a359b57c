package io.fullscriptbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.fullscriptbridge.support.SharedPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The same migrations build the same schema on the embedded default (H2) and in production (PostgreSQL). */
class FlywayMigrationTest {

    @Test
    void migratesH2AndPostgresToTheSameTablesAndConstraints() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:flyway-test;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");

        {
            SharedPostgres.Database postgres = SharedPostgres.freshDatabase();
            DataSource pg = postgres.dataSource();

            MigrateResult onH2 = migrate(h2, "h2");
            MigrateResult onPg = migrate(pg, "postgresql");

            assertThat(onH2.success).isTrue();
            assertThat(onPg.success).isTrue();
            // the application's own tables are the same on both; PostgreSQL adds the clustered Quartz job store's
            assertThat(columns(pg).stream().filter(c -> !c.startsWith("qrtz_")).toList()).isEqualTo(columns(h2))
                    .contains("message_journal.message_id", "fullscript_connection.access_token_enc", "patient_xref.field_hashes");
            assertThat(columns(pg)).contains("qrtz_triggers.trigger_name", "qrtz_locks.lock_name");
            assertThat(onPg.migrationsExecuted).isEqualTo(onH2.migrationsExecuted + 1);

            for (DataSource ds : List.of(h2, pg)) {
                insertJournalRow(ds, "m-1");
                assertThatThrownBy(() -> insertJournalRow(ds, "m-1"))
                        .as("one journal row per tenant, direction and message id")
                        .isInstanceOf(SQLException.class);
            }
            // a second migrate is a no-op: nothing pending
            assertThat(migrate(pg, "postgresql").migrationsExecuted).isZero();
        }
    }

    /** As Spring Boot configures it: the common migrations plus the vendor's own folder. */
    private static MigrateResult migrate(DataSource ds, String vendor) {
        return Flyway.configure().dataSource(ds).locations("classpath:db/migration", "classpath:db/vendor/" + vendor).load().migrate();
    }

    private static void insertJournalRow(DataSource ds, String messageId) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("insert into message_journal (message_id, tenant, direction, state, received_at) "
                    + "values ('" + messageId + "', 'demo', 'inbound', 'RECEIVED', current_timestamp)");
        }
    }

    /** table.column (type family) of the application's tables, sorted. */
    private static List<String> columns(DataSource ds) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select table_name, column_name from information_schema.columns "
                     + "where lower(table_schema) = 'public' and lower(table_name) <> 'flyway_schema_history' "
                     + "order by table_name, column_name")) {
            while (rs.next()) {
                columns.add(rs.getString(1).toLowerCase() + "." + rs.getString(2).toLowerCase());
            }
        }
        return columns;
    }
}
