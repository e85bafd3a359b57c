package io.fullscriptbridge.config;

import jakarta.persistence.EntityManagerFactory;
import org.apache.camel.processor.idempotent.jpa.JpaMessageIdRepository;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/**
 * JPA sees the bridge's entities and camel-jpa's MessageProcessed (the idempotent repository's table, created by
 * Flyway like every other table).
 */
@Configuration
@EntityScan(basePackages = {"io.fullscriptbridge", "org.apache.camel.processor.idempotent.jpa"})
@EnableJpaRepositories(basePackages = "io.fullscriptbridge")
public class PersistenceConfiguration {

    /** Inbound messages already processed, by tenant:messageId. */
    @Bean
    JpaMessageIdRepository inboundIdempotentRepository(EntityManagerFactory emf) {
        return new JpaMessageIdRepository(emf, "ehr-inbound");
    }

    /** Fullscript events already handed on, by event id (kept 35 days: Fullscript keeps events 30). */
    @Bean
    JpaMessageIdRepository eventIdempotentRepository(EntityManagerFactory emf) {
        return new JpaMessageIdRepository(emf, "fullscript-events");
    }
}
