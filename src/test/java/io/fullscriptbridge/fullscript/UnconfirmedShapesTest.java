package io.fullscriptbridge.fullscript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, part 3 (decision D47): where shared/fullscript-api.md marks a response shape UNCONFIRMED, an answer without
 * the id the bridge needs is a clear error naming the endpoint, never an empty id (which used to become
 * {@code PATCH /api/clinic/patients/}).
 */
class UnconfirmedShapesTest {

    private final ObjectMapper json = new ObjectMapper();
    private final ActingUser user = new ActingUser("demo", "dr-bennett", null);

    @Test
    void aMetadataMatchWithoutAnIdIsAnErrorNamingTheEndpoint() throws Exception {
        FullscriptApi api = answering("{\"metadata\":[{\"id\":\"demo:MRN-1\",\"type\":\"patient\",\"data\":{}}]}");
        assertThatThrownBy(() -> api.findPatientIdByMetadata(user, "demo:MRN-1"))
                .isInstanceOfSatisfying(FullscriptApiException.UnexpectedResponse.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo("fullscript_unexpected_response");
                    assertThat(e.getErrorMessage()).contains("GET /api/clinic/metadata").contains("metadata[0].data.id");
                });
        assertThatThrownBy(() -> answering("{\"metadata\":{\"id\":\"x\"}}").findPatientIdByMetadata(user, "demo:MRN-1"))
                .isInstanceOf(FullscriptApiException.UnexpectedResponse.class);
    }

    @Test
    void theDocumentedShapesStillRead() throws Exception {
        assertThat(answering("{\"metadata\":[{\"data\":{\"id\":\"pat_1\"}}]}").findPatientIdByMetadata(user, "demo:MRN-1")).contains("pat_1");
        assertThat(answering("{\"metadata\":[]}").findPatientIdByMetadata(user, "demo:MRN-1")).isEmpty();
        assertThat(answering("{}").findPatientIdByMetadata(user, "demo:MRN-1")).isEmpty();
    }

    @Test
    void aSearchHitWithoutAnIdIsAnErrorNamingTheEndpoint() throws Exception {
        FullscriptApi api = answering("{\"patients\":[{\"email\":\"a@example.com\"}],\"meta\":{\"next_page\":null}}");
        assertThatThrownBy(() -> api.searchPatients(user, "a@example.com"))
                .isInstanceOfSatisfying(FullscriptApiException.UnexpectedResponse.class,
                        e -> assertThat(e.getErrorMessage()).contains("GET /api/clinic/search/patients").doesNotContain("a@example.com"));
    }

    private FullscriptApi answering(String body) throws Exception {
        FullscriptRoute route = mock(FullscriptRoute.class);
        when(route.call(any(), any(), any(), any())).thenReturn(json.readTree(body));
        return new FullscriptApi(route, json);
    }
}
