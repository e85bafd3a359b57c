package io.fullscriptbridge.oauth;

import org.springframework.data.jpa.repository.JpaRepository;

public interface IntegrationUserRepository extends JpaRepository<IntegrationUser, IntegrationUser.Key> {
}
