package io.fullscriptbridge.oauth;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

public interface ParkedMessageRepository extends JpaRepository<ParkedMessage, Long> {

    List<ParkedMessage> findByTenantAndEhrUserIdAndReplayedAtIsNullOrderById(String tenant, String ehrUserId);

    List<ParkedMessage> findByReplayedAtIsNullOrderById();

    Optional<ParkedMessage> findByTenantAndMessageId(String tenant, String messageId);

    long countByReplayedAtIsNull();
}
