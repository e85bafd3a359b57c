package io.fullscriptbridge.simulator;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads {@code recommendations: [...]} of a treatment-plan request into {@link SimRecommendation}s, collecting
 * Fullscript-style validation messages. Keys are Fullscript's snake_case ({@code variant_id},
 * {@code units_to_purchase}, {@code refill}, {@code take_with}, {@code dosage {amount, frequency, duration,
 * additional_info, format, time_of_day}}); the admin endpoints also accept the camelCase spellings.
 */
final class Recommendations {

    private Recommendations() {
    }

    /** @return the recommendations, or {@code null} when invalid (the reasons are added to {@code errors}) */
    static List<SimRecommendation> parse(JsonNode node, List<String> errors) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return List.of();
        }
        if (!node.isArray()) {
            errors.add("Recommendations is invalid");
            return null;
        }
        List<SimRecommendation> result = new ArrayList<>();
        int before = errors.size();
        for (JsonNode item : node) {
            if (!item.isObject()) {
                addOnce(errors, "Recommendations is invalid");
                continue;
            }
            String variantId = text(item, "variant_id", "variantId");
            if (variantId == null) {
                addOnce(errors, "Recommendations variant can't be blank");
                continue;
            }
            Integer units = 1;
            JsonNode unitsNode = field(item, "units_to_purchase", "unitsToPurchase");
            if (unitsNode != null && !unitsNode.isNull()) {
                units = integer(unitsNode);
                if (units == null || units < 1) {
                    addOnce(errors, "Recommendations units to purchase must be greater than 0");
                    continue;
                }
            }
            Boolean refill = false;
            JsonNode refillNode = field(item, "refill", "refill");
            if (refillNode != null && !refillNode.isNull()) {
                refill = bool(refillNode);
                if (refill == null) {
                    addOnce(errors, "Recommendations refill is invalid");
                    continue;
                }
            }
            SimRecommendation.Dosage dosage = null;
            JsonNode dosageNode = field(item, "dosage", "dosage");
            if (dosageNode != null && !dosageNode.isNull()) {
                if (!dosageNode.isObject()) {
                    addOnce(errors, "Recommendations dosage is invalid");
                    continue;
                }
                dosage = new SimRecommendation.Dosage(text(dosageNode, "amount", "amount"),
                        text(dosageNode, "frequency", "frequency"), text(dosageNode, "duration", "duration"),
                        text(dosageNode, "additional_info", "additionalInfo"), text(dosageNode, "format", "format"),
                        timeOfDay(field(dosageNode, "time_of_day", "timeOfDay")));
            }
            result.add(new SimRecommendation(variantId, units, refill, text(item, "take_with", "takeWith"), dosage));
        }
        return errors.size() > before ? null : result;
    }

    private static void addOnce(List<String> errors, String message) {
        if (!errors.contains(message)) {
            errors.add(message);
        }
    }

    private static JsonNode field(JsonNode node, String snake, String camel) {
        JsonNode value = node.get(snake);
        return value != null ? value : node.get(camel);
    }

    private static String text(JsonNode node, String snake, String camel) {
        JsonNode value = field(node, snake, camel);
        if (value == null || value.isNull() || !value.isValueNode()) {
            return null;
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }

    private static Integer integer(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.canConvertToInt() ? value.intValue() : null;
        }
        if (value.isTextual()) {
            try {
                return Integer.valueOf(value.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Boolean bool(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isValueNode()) {
            return switch (value.asText().trim().toLowerCase()) {
                case "true", "1", "t" -> true;
                case "false", "0", "f" -> false;
                default -> null;
            };
        }
        return null;
    }

    private static List<String> timeOfDay(JsonNode value) {
        if (value == null || value.isNull()) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(v -> {
                if (v.isValueNode() && !v.asText().isBlank()) {
                    result.add(v.asText().trim());
                }
            });
        } else if (value.isValueNode() && !value.asText().isBlank()) {
            result.add(value.asText().trim());
        }
        return result;
    }
}
