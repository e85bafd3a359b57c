package io.fullscriptbridge.oauth;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ConnectionRepository extends JpaRepository<Connection, String> {

    List<Connection> findByTenantAndEhrUserIdOrderByCreatedAt(String tenant, String ehrUserId);

    Optional<Connection> findByTenantAndEhrUserIdAndClinicId(String tenant, String ehrUserId, String clinicId);

    List<Connection> findByClinicId(String clinicId);

    /** select … for update: one refresh per connection at a time, across nodes. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select c from Connection c where c.id = :id")
    Optional<Connection> lockById(@Param("id") String id);
}
