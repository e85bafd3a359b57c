package io.fullscriptbridge.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Fullscript's pagination: {@code page[number]} (default 1) and {@code page[size]} (default 20, at most 100;
 * larger values are capped, values below 1 become 1); responses carry a {@code meta} block.
 */
record Pagination(int number, int size) {

    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 100;

    static Pagination of(String number, String size) {
        int n = parse("page[number]", number, 1);
        int s = parse("page[size]", size, DEFAULT_SIZE);
        return new Pagination(Math.max(1, n), Math.min(MAX_SIZE, Math.max(1, s)));
    }

    private static int parse(String name, String value, int defaultValue) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw SimulatorApiException.badRequest(name + " must be an integer");
        }
    }

    /** {@code {"<key>": [page of items], "meta": {...}}}. */
    <T> Map<String, Object> page(String key, List<T> all, Function<T, ?> view) {
        int total = all.size();
        int totalPages = (total + size - 1) / size;
        int from = (int) Math.min((long) (number - 1) * size, total);
        int to = Math.min(from + size, total);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(key, all.subList(from, to).stream().map(view).toList());
        body.put("meta", new SimulatorJson.PageMeta(number, number < totalPages ? number + 1 : null,
                number > 1 ? number - 1 : null, totalPages, total));
        return body;
    }
}
