package io.fullscriptbridge.oauth;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The nonces of launch links already used. A link is remembered until it expires; after that its expiry refuses
 * it anyway, so {@link #pruneExpired} may forget it. First use wins through the table's primary key.
 */
@Component
public class LaunchNonces {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public LaunchNonces(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public boolean used(String tenant, String nonce) {
        return jdbc.queryForObject("select count(*) from launch_nonce where tenant = ? and nonce = ?", Integer.class, tenant, nonce) > 0;
    }

    /** @return true for the first use of this nonce, false when it was used before */
    public boolean consume(String tenant, String nonce, String action, long expiresEpochSecond) {
        try {
            jdbc.update("insert into launch_nonce (tenant, nonce, action, used_at, expires_at) values (?, ?, ?, ?, ?)",
                    tenant, nonce, action, Timestamp.from(Instant.now(clock)), Timestamp.from(Instant.ofEpochSecond(expiresEpochSecond)));
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** Forgets nonces of links that expired before {@code before}. @return how many */
    public int pruneExpired(Instant before) {
        return jdbc.update("delete from launch_nonce where expires_at < ?", Timestamp.from(before));
    }
}
