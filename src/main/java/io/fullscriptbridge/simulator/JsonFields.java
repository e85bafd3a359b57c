package io.fullscriptbridge.simulator;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads loosely typed request fields the way a Rails API does: Fullscript's reference types every field as a
 * string ({@code "discount": "string"}, {@code "send_welcome_email": "string"}), so scalars of any JSON type are
 * accepted and coerced; objects or arrays where a scalar belongs mark the field invalid (reported as 422).
 */
final class JsonFields {

    private final ObjectNode node;
    private final Set<String> invalid = new LinkedHashSet<>();

    JsonFields(ObjectNode node) {
        this.node = node;
    }

    boolean has(String field) {
        return node.has(field);
    }

    boolean isInvalid(String field) {
        return invalid.contains(field);
    }

    /** Scalar as trimmed text; {@code null} for JSON null. */
    String string(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isValueNode()) {
            return value.asText().trim();
        }
        invalid.add(field);
        return null;
    }

    Boolean bool(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isValueNode()) {
            String text = value.asText().trim().toLowerCase();
            switch (text) {
                case "true", "1", "t", "yes" -> {
                    return Boolean.TRUE;
                }
                case "false", "0", "f", "no" -> {
                    return Boolean.FALSE;
                }
                default -> {
                }
            }
        }
        invalid.add(field);
        return null;
    }

    BigDecimal decimal(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual()) {
            String text = value.asText().trim();
            if (text.isEmpty()) {
                return null;
            }
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                invalid.add(field);
                return null;
            }
        }
        invalid.add(field);
        return null;
    }

    /** {@code metadata: {"id": "..."}}; {@code null} (or an object without id) clears it. */
    String metadataId(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isObject()) {
            JsonNode id = value.get("id");
            if (id == null || id.isNull()) {
                return null;
            }
            if (id.isValueNode()) {
                String text = id.asText().trim();
                return text.isEmpty() ? null : text;
            }
        }
        invalid.add(field);
        return null;
    }
}
