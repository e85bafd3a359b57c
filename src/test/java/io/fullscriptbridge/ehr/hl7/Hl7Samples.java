package io.fullscriptbridge.ehr.hl7;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The real-world fixtures under src/test/resources/samples (byte copies of shared/samples; see SOURCES.md there). */
final class Hl7Samples {

    private Hl7Samples() {
    }

    /** @param path e.g. "hl7/01-hapi-a01-v25-zfa-zsegment.hl7"; read as UTF-8, bytes as they are (BOM included) */
    static String read(String path) {
        try (InputStream in = Hl7Samples.class.getResourceAsStream("/samples/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
