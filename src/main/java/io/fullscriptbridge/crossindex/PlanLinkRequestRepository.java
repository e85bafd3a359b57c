package io.fullscriptbridge.crossindex;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface PlanLinkRequestRepository extends JpaRepository<PlanLinkRequest, Long> {

    List<PlanLinkRequest> findByTenantAndEhrPatientIdOrderById(String tenant, String ehrPatientId);

    /** Requests still waiting for their plan, oldest first. */
    List<PlanLinkRequest> findByClinicIdAndFullscriptPatientIdAndPractitionerIdAndTreatmentPlanIdIsNullOrderById(
            String clinicId, String fullscriptPatientId, String practitionerId);

    List<PlanLinkRequest> findByClinicIdAndTreatmentPlanId(String clinicId, String treatmentPlanId);
}
