package io.fullscriptbridge.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.h2.api.Trigger;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Makes the first inbound stage fail transiently for chosen messages, the way a database outage does: an H2
 * trigger refuses the journal's row for their messageId, so {@code journal-received} throws, the JMS session rolls
 * back and the broker redelivers, then dead-letters the message from {@code ehr.inbound} (DLQ.ehr.inbound with
 * {@code _AMQ_ORIG_QUEUE=ehr.inbound}). With {@code failuresRecorded} the failure's own journal write (an error
 * code, no format) goes through, as when the outage is over by the last delivery; without, nothing is journalled at all.
 */
public class FirstStageFault implements Trigger {

    private static final Set<String> FAILING = ConcurrentHashMap.newKeySet();
    private static final Set<String> FAILING_WITH_RECORD = ConcurrentHashMap.newKeySet();

    private int messageId = -1;
    private int format = -1;

    /** Installs the trigger (idempotent). */
    public static void install(JdbcTemplate jdbc) {
        jdbc.execute("create trigger if not exists first_stage_fault before insert, update on message_journal for each row call \""
                + FirstStageFault.class.getName() + "\"");
    }

    public static void failFor(String messageId, boolean failuresRecorded) {
        (failuresRecorded ? FAILING_WITH_RECORD : FAILING).add(messageId);
    }

    public static void heal(String messageId) {
        FAILING.remove(messageId);
        FAILING_WITH_RECORD.remove(messageId);
    }

    @Override
    public void init(Connection conn, String schema, String trigger, String table, boolean before, int type) throws SQLException {
        try (PreparedStatement s = conn.prepareStatement("select column_name, ordinal_position from information_schema.columns "
                + "where lower(table_name) = lower(?) and lower(table_schema) = lower(?)")) {
            s.setString(1, table);
            s.setString(2, schema);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String name = r.getString(1).toLowerCase();
                    int index = r.getInt(2) - 1;
                    if (name.equals("message_id")) {
                        messageId = index;
                    } else if (name.equals("format")) {
                        format = index;
                    }
                }
            }
        }
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        Object id = newRow[messageId];
        if (id == null) {
            return;
        }
        // journal-received sets the format; a failed delivery's record never does
        boolean received = newRow[format] != null;
        if (FAILING.contains(id.toString()) || (FAILING_WITH_RECORD.contains(id.toString()) && received)) {
            throw new SQLException("staged outage for messageId " + id, "08001");
        }
    }
}
