package io.fullscriptbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The idempotent repositories' one-insert add, as the bridge configures them, on H2 migrated by Flyway. */
class InsertOnceMessageIdRepositoryTest {

    private JdbcDataSource database;
    private JdbcMessageIdRepository repository;

    @BeforeEach
    void migrated() throws Exception {
        database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:" + getClass().getSimpleName() + System.nanoTime()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(database).load().migrate();
        repository = PersistenceConfiguration.onFlywaysTable(database, "ehr-inbound");
        repository.start();
    }

    @Test
    void aKeyIsAddedOnceAndThenRefusedWithoutAnError() {
        assertThat(repository.contains("demo:m-1")).isFalse();

        assertThat(repository.add("demo:m-1")).isTrue();
        assertThat(repository.add("demo:m-1")).isFalse();

        assertThat(repository.contains("demo:m-1")).isTrue();
        assertThat(new JdbcTemplate(database).queryForObject("select count(*) from camel_messageprocessed", Integer.class)).isEqualTo(1);
    }

    @Test
    void theSameKeyOfAnotherProcessorIsItsOwn() {
        JdbcMessageIdRepository events = PersistenceConfiguration.onFlywaysTable(database, "fullscript-events");
        events.start();

        assertThat(repository.add("k")).isTrue();
        assertThat(events.add("k")).isTrue();
        assertThat(events.add("k")).isFalse();
    }
}
