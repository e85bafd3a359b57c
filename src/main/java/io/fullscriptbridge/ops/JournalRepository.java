package io.fullscriptbridge.ops;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

public interface JournalRepository extends JpaRepository<JournalEntry, Long>,
        org.springframework.data.jpa.repository.JpaSpecificationExecutor<JournalEntry> {

    Optional<JournalEntry> findByTenantAndDirectionAndMessageId(String tenant, String direction, String messageId);
}
