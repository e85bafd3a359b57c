package io.fullscriptbridge.config;

import javax.sql.DataSource;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.dao.DuplicateKeyException;

/**
 * camel-sql's JDBC idempotent repository with one statement per call: {@code add} is one insert, which the table's
 * unique key (processor_name, message_id, V3) refuses for a key already there, and {@code contains} one count. camel-sql
 * wraps each in a transaction of its own, and its {@code add} counts the key before inserting it (D89).
 */
public class InsertOnceMessageIdRepository extends JdbcMessageIdRepository {

    public InsertOnceMessageIdRepository(DataSource dataSource, String processorName) {
        super(dataSource, processorName);
    }

    @Override
    public boolean contains(String key) {
        return queryForInt(key) > 0;
    }

    /** True when the key was new and is now kept; false when it was already there. */
    @Override
    public boolean add(String key) {
        try {
            return insert(key) == 1;
        } catch (DuplicateKeyException alreadyThere) {
            return false;
        }
    }
}
