package io.fullscriptbridge.crossindex;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface TreatmentPlanCopyRepository extends JpaRepository<TreatmentPlanCopy, TreatmentPlanCopy.Key> {

    List<TreatmentPlanCopy> findByClinicIdAndFullscriptPatientIdOrderByTreatmentPlanId(String clinicId, String fullscriptPatientId);
}
