package io.fullscriptbridge.crossindex;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.ehr.PatientDemographics;
import io.fullscriptbridge.oauth.TokenCipher;
import org.springframework.stereotype.Component;

/**
 * Per-field keyed hashes of what was last synced to Fullscript: the bridge sees which fields changed (one PATCH
 * with just those) without keeping names, emails or birth dates in its own tables.
 */
@Component
public class DemographicsFingerprint {

    public static final String FIRST_NAME = "firstName";
    public static final String LAST_NAME = "lastName";
    public static final String EMAIL = "email";
    public static final String DATE_OF_BIRTH = "dateOfBirth";
    public static final String GENDER = "gender";
    public static final String MOBILE = "mobile";

    private final TokenCipher cipher;
    private final ObjectMapper mapper;

    public DemographicsFingerprint(TokenCipher cipher, ObjectMapper mapper) {
        this.cipher = cipher;
        this.mapper = mapper;
    }

    public Map<String, String> of(PatientDemographics p) {
        Map<String, String> hashes = new LinkedHashMap<>();
        put(hashes, FIRST_NAME, p.firstName());
        put(hashes, LAST_NAME, p.lastName());
        put(hashes, EMAIL, p.email() == null ? null : p.email().toLowerCase(Locale.ROOT));
        put(hashes, DATE_OF_BIRTH, p.dateOfBirth() == null ? null : p.dateOfBirth().toString());
        put(hashes, GENDER, p.gender());
        put(hashes, MOBILE, p.mobile());
        return hashes;
    }

    /** Fields whose value differs; a field the EHR no longer sends is not a change (Fullscript keeps its value). */
    public Set<String> changed(Map<String, String> synced, Map<String, String> now) {
        Set<String> changed = new TreeSet<>();
        now.forEach((field, hash) -> {
            if (!Objects.equals(synced.get(field), hash)) {
                changed.add(field);
            }
        });
        return changed;
    }

    public String toJson(Map<String, String> hashes) {
        try {
            return mapper.writeValueAsString(hashes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Map<String, String> fromJson(String json) {
        try {
            return mapper.readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable field hashes", e);
        }
    }

    private void put(Map<String, String> hashes, String field, String value) {
        if (value != null && !value.isBlank()) {
            hashes.put(field, cipher.fingerprint(field + "=" + value.strip()));
        }
    }
}
