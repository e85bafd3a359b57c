package io.fullscriptbridge.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Fullscript's {@code sort_by} / {@code order_by} list parameters: {@code sort_by} names one of the allowed keys,
 * {@code order_by} is {@code ASC} (default) or {@code DESC}, case-insensitive. Unknown values are a 422. Sorting is
 * stable: equal keys keep their creation order (reversed with DESC).
 */
final class Sorting {

    private Sorting() {
    }

    static <T> List<T> sort(List<T> items, String sortBy, String orderBy, String defaultKey,
                            Map<String, Comparator<T>> keys) {
        String key = sortBy == null || sortBy.isBlank() ? defaultKey : sortBy.trim().toLowerCase(Locale.ROOT);
        Comparator<T> comparator = keys.get(key);
        List<String> errors = new ArrayList<>();
        if (comparator == null) {
            errors.add("Sort by is not included in the list");
        }
        String order = orderBy == null || orderBy.isBlank() ? "ASC" : orderBy.trim().toUpperCase(Locale.ROOT);
        if (!Set.of("ASC", "DESC").contains(order)) {
            errors.add("Order by is not included in the list");
        }
        if (!errors.isEmpty()) {
            throw SimulatorApiException.unprocessable(errors);
        }
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(comparator);
        if (order.equals("DESC")) {
            java.util.Collections.reverse(sorted);
        }
        return sorted;
    }
}
