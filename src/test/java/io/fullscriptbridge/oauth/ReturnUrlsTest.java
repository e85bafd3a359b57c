package io.fullscriptbridge.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Return URLs are compared by parsed parts, path segment by segment, never as strings. */
class ReturnUrlsTest {

    private static final List<String> ALLOWED = List.of("https://ehr.example.com", "https://portal.example.org/app");

    @Test
    void lookalikesAndTricksAreRefused() {
        for (String hostile : new String[] {
                "https://ehr.example.com.evil.io/", "https://ehr.example.com@evil.io/", "https://user:pw@ehr.example.com/",
                "https://ehr.example.com/../", "https://ehr.example.com/a/./b", "https://ehr.example.com/%2e%2e/", "https://ehr.example.com/a%2fb",
                "//evil.io", "//ehr.example.com/", "javascript:alert(document.cookie)", "data:text/html,hi", "/relative",
                "http://ehr.example.com/", "https://ehr.example.com:444/", "https://portal.example.org/app-evil",
                "https://portal.example.org/application", "https://portal.example.org/", "https://ehr.example.com\\@evil.io/",
                "https://ehr.example.com/\nSet-Cookie:x", " https://ehr.example.com/", ""}) {
            assertThat(ReturnUrls.allowed(hostile, ALLOWED)).as(hostile).isFalse();
        }
    }

    @Test
    void urlsUnderAnAllowedOneAreAccepted() {
        for (String good : new String[] {"https://ehr.example.com", "https://ehr.example.com/", "https://ehr.example.com/patients/42?x=1#top",
                "HTTPS://EHR.EXAMPLE.COM:443/p", "https://portal.example.org/app", "https://portal.example.org/app/",
                "https://portal.example.org/app/patients"}) {
            assertThat(ReturnUrls.allowed(good, ALLOWED)).as(good).isTrue();
        }
    }
}
