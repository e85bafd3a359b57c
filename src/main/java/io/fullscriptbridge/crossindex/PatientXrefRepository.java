package io.fullscriptbridge.crossindex;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

public interface PatientXrefRepository extends JpaRepository<PatientXref, Long> {

    Optional<PatientXref> findByTenantAndEhrPatientIdAndClinicId(String tenant, String ehrPatientId, String clinicId);

    List<PatientXref> findByTenantAndEhrPatientId(String tenant, String ehrPatientId);

    List<PatientXref> findByClinicIdAndFullscriptPatientId(String clinicId, String fullscriptPatientId);
}
