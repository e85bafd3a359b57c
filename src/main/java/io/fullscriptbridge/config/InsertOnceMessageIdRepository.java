package io.fullscriptbridge.config;

import javax.sql.DataSource;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.dao.DuplicateKeyException;

/**
 * camel-sql's JDBC idempotent repository, whose {@code add} is one insert: the table's unique key (processor_name,
 * message_id, V3) refuses a key already there. camel-sql's own {@code add} opens a transaction, counts the key and
 * then inserts it, three round trips per message for the same answer (D89).
 */
public class InsertOnceMessageIdRepository extends JdbcMessageIdRepository {

    public InsertOnceMessageIdRepository(DataSource dataSource, String processorName) {
        super(dataSource, processorName);
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
