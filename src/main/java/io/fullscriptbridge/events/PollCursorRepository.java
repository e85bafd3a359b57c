package io.fullscriptbridge.events;

import org.springframework.data.jpa.repository.JpaRepository;

public interface PollCursorRepository extends JpaRepository<PollCursor, PollCursor.Key> {
}
