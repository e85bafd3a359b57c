package io.fullscriptbridge.events;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

public interface ParkedEventRepository extends JpaRepository<ParkedEvent, Long> {

    Optional<ParkedEvent> findByEventId(String eventId);
}
