package io.fullscriptbridge.simulator;

import java.time.Instant;
import java.util.List;

/**
 * An order a patient placed (in the simulated Fullscript store), as the {@code order.placed} event carries it.
 * Immutable snapshot.
 */
public record SimOrder(
        String id,
        String clinicId,
        String orderNumber,
        String patientId,
        List<String> treatmentPlanIds,
        List<String> practitionerIds,
        List<LineItem> lineItems,
        Instant completedAt) {

    public SimOrder {
        treatmentPlanIds = treatmentPlanIds == null ? List.of() : List.copyOf(treatmentPlanIds);
        practitionerIds = practitionerIds == null ? List.of() : List.copyOf(practitionerIds);
        lineItems = lineItems == null ? List.of() : List.copyOf(lineItems);
    }

    /**
     * One line of an order.
     *
     * @param type    {@code product} or {@code lab}
     * @param labType set for lab line items only
     */
    public record LineItem(String variantId, int quantity, String type, String labType) {
        public static LineItem product(String variantId, int quantity) {
            return new LineItem(variantId, quantity, "product", null);
        }
    }
}
