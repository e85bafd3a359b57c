package io.fullscriptbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import io.fullscriptbridge.crossindex.TreatmentPlanStore;
import io.fullscriptbridge.oauth.Connection;
import io.fullscriptbridge.oauth.ParkingLot;
import io.fullscriptbridge.oauth.TokenCipher;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Key rotation on a database of its own (the shared test context keeps its one key): rows sealed under the old
 * key, and v1 rows from before key ids, all move to the new key id and still open.
 */
class TokenResealerTest {

    static final byte[] OLD = key(11);
    static final byte[] NEW = key(12);

    @Test
    void resealMovesEveryRowToTheNewKeyId() {
        JdbcTemplate jdbc = freshDatabase();
        TokenCipher before = new TokenCipher(OLD);
        String id = UUID.randomUUID().toString();
        jdbc.update("insert into fullscript_connection (id, tenant, ehr_user_id, clinic_id, resource_owner_id, resource_owner_type, "
                        + "access_token_enc, refresh_token_enc, token_created_at, expires_at, status, created_at, updated_at) "
                        + "values (?, 'demo', 'dr-a', 'c1', 'p1', 'Practitioner', ?, ?, ?, ?, 'ACTIVE', ?, ?)",
                id, before.seal("access-1", Connection.accessContext(id)), v1(OLD, "refresh-1"), now(), now(), now(), now());
        jdbc.update("insert into parked_message (tenant, ehr_user_id, message_id, reason, headers_json, body_enc, parked_at) "
                + "values ('demo', 'dr-a', 'm-1', 'no_connection', '{}', ?, ?)", before.seal("{\"body\":1}", ParkingLot.bodyContext("demo", "m-1")), now());
        jdbc.update("insert into treatment_plan_copy (clinic_id, treatment_plan_id, fullscript_patient_id, plan_enc, plan_hash, updated_at) "
                + "values ('c1', 'tp-1', 'fp-1', ?, 'h', ?)", v1(OLD, "{\"plan\":1}"), now());
        // a value sealed under a key nobody has any more: counted, left alone
        jdbc.update("insert into parked_event (event_id, reason, payload_enc, received_at) values ('e-1', 'unknown_clinic', ?, ?)",
                new TokenCipher(key(99)).encrypt("lost"), now());

        TokenCipher rotated = new TokenCipher(NEW, List.of(OLD));
        var outcome = new TokenResealer(jdbc, rotated, false).resealAll();

        assertThat(outcome.get("fullscript_connection.access_token_enc").resealed()).isEqualTo(1);
        assertThat(outcome.get("fullscript_connection.refresh_token_enc").resealed()).isEqualTo(1);
        assertThat(outcome.get("parked_message.body_enc").resealed()).isEqualTo(1);
        assertThat(outcome.get("treatment_plan_copy.plan_enc").resealed()).isEqualTo(1);
        assertThat(outcome.get("parked_event.payload_enc").unreadable()).isEqualTo(1);

        String newKid = "v2:" + TokenCipher.keyId(NEW) + ":";
        var row = jdbc.queryForMap("select access_token_enc, refresh_token_enc from fullscript_connection where id = ?", id);
        assertThat((String) row.get("access_token_enc")).startsWith(newKid);
        assertThat((String) row.get("refresh_token_enc")).startsWith(newKid);
        assertThat(jdbc.queryForObject("select body_enc from parked_message", String.class)).startsWith(newKid);
        assertThat(jdbc.queryForObject("select plan_enc from treatment_plan_copy", String.class)).startsWith(newKid);
        assertThat(newOnly().open(jdbc.queryForObject("select plan_enc from treatment_plan_copy", String.class),
                TreatmentPlanStore.planContext("c1", "tp-1"))).isEqualTo("{\"plan\":1}");

        // only the new key is needed now, and every value still opens for its row
        TokenCipher newOnly = new TokenCipher(NEW);
        assertThat(newOnly.open((String) row.get("access_token_enc"), Connection.accessContext(id))).isEqualTo("access-1");
        assertThat(newOnly.open((String) row.get("refresh_token_enc"), Connection.refreshContext(id))).isEqualTo("refresh-1");
        assertThat(newOnly.open(jdbc.queryForObject("select body_enc from parked_message", String.class),
                ParkingLot.bodyContext("demo", "m-1"))).isEqualTo("{\"body\":1}");

        // a second run has nothing left to do
        assertThat(new TokenResealer(jdbc, rotated, false).resealAll().values())
                .allSatisfy(o -> assertThat(o.resealed()).isZero());
    }

    private static TokenCipher newOnly() {
        return new TokenCipher(NEW);
    }

    private static JdbcTemplate freshDatabase() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:reseal-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        Flyway.configure().dataSource(h2).locations("classpath:db/migration").load().migrate();
        return new JdbcTemplate(h2);
    }

    private static Timestamp now() {
        return Timestamp.from(Instant.now());
    }

    static byte[] key(int seed) {
        byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        return key;
    }

    static String v1(byte[] key, String plaintext) {
        return io.fullscriptbridge.oauth.TokenCipherTestAccess.v1(key, plaintext);
    }
}
