package io.fullscriptbridge.crossindex;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface PlanLinkRequestRepository extends JpaRepository<PlanLinkRequest, Long> {

    List<PlanLinkRequest> findByTenantAndEhrPatientIdOrderById(String tenant, String ehrPatientId);
}
