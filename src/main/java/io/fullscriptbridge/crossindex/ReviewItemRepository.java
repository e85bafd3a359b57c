package io.fullscriptbridge.crossindex;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

public interface ReviewItemRepository extends JpaRepository<ReviewItem, Long> {

    Optional<ReviewItem> findFirstByTenantAndEhrPatientIdAndClinicIdAndStatus(String tenant, String ehrPatientId, String clinicId, String status);

    List<ReviewItem> findByStatusOrderById(String status);

    long countByStatus(String status);
}
