package io.fullscriptbridge.config;

import javax.sql.DataSource;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/**
 * JPA sees the bridge's entities. The idempotent repositories are camel-sql's plain JDBC ones on the table Flyway
 * created for them (camel_messageprocessed, V3): a read and an insert per message without an entity manager (D80),
 * the insert alone deciding whether a key is new (D89).
 */
@Configuration
@EntityScan(basePackages = "io.fullscriptbridge")
@EnableJpaRepositories(basePackages = "io.fullscriptbridge")
public class PersistenceConfiguration {

    /** Inbound messages already processed, by tenant:messageId. */
    @Bean
    JdbcMessageIdRepository inboundIdempotentRepository(DataSource dataSource) {
        return onFlywaysTable(dataSource, "ehr-inbound");
    }

    /** Fullscript events already handed on, by event id (kept 35 days: Fullscript keeps events 30). */
    @Bean
    JdbcMessageIdRepository eventIdempotentRepository(DataSource dataSource) {
        return onFlywaysTable(dataSource, "fullscript-events");
    }

    /**
     * The table's columns are snake_case and its id comes from camel_messageprocessed_seq (the sequence camel-jpa
     * used; increments of 50, so ids taken here never meet a range a JPA writer of an older version holds).
     */
    static JdbcMessageIdRepository onFlywaysTable(DataSource dataSource, String processorName) {
        JdbcMessageIdRepository repository = new InsertOnceMessageIdRepository(dataSource, processorName);
        repository.setCreateTableIfNotExists(false);
        repository.setTableExistsString("select 1 from camel_messageprocessed where 1 = 0");
        repository.setQueryString("select count(*) from camel_messageprocessed where processor_name = ? and message_id = ?");
        repository.setInsertString("insert into camel_messageprocessed (id, processor_name, message_id, created_at)"
                + " values (nextval('camel_messageprocessed_seq'), ?, ?, ?)");
        repository.setDeleteString("delete from camel_messageprocessed where processor_name = ? and message_id = ?");
        repository.setClearString("delete from camel_messageprocessed where processor_name = ?");
        return repository;
    }
}
