package io.fullscriptbridge.oauth;

import java.time.Instant;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

public interface OAuthStateRepository extends JpaRepository<OAuthState, String> {

    /** Marks the state used if nobody did yet; 1 = this caller won, 0 = reused. */
    @Transactional
    @Modifying
    @Query("update OAuthState s set s.usedAt = :now where s.state = :state and s.usedAt is null")
    int markUsed(@Param("state") String state, @Param("now") Instant now);

    @Transactional
    @Modifying
    @Query("delete from OAuthState s where s.expiresAt < :before")
    int deleteExpiredBefore(@Param("before") Instant before);
}
