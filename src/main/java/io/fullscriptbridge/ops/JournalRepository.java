package io.fullscriptbridge.ops;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

public interface JournalRepository extends JpaRepository<JournalEntry, Long> {

    Optional<JournalEntry> findByTenantAndDirectionAndMessageId(String tenant, String direction, String messageId);
}
