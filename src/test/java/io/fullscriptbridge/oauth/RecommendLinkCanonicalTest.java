package io.fullscriptbridge.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.fullscriptbridge.launch.RecommendRequest;
import org.junit.jupiter.api.Test;

/** The recommend link's signed string exactly as the README's shell example (openssl, jq @uri) builds it. */
class RecommendLinkCanonicalTest {

    private static final String NONCE = "0123456789abcdef0123456789abcdef";

    @Test
    void theRecommendFieldsFollowTheCommonOnesAndAreEncodedTheSameWay() {
        LaunchLinks.Launch launch = new LaunchLinks.Launch("recommend", "demo", "dr-bennett", 1900000000L, NONCE, null,
                new RecommendRequest("SEED-EHR-1001", "ENC 9/A", null).signedFields());
        assertThat(launch.canonical()).isEqualTo("action=recommend&tenant=demo&ehrUserId=dr-bennett&expires=1900000000"
                + "&nonce=" + NONCE + "&returnUrl=&patientId=SEED-EHR-1001&encounterId=ENC%209%2FA");
        // printf %s "$Q" | openssl dgst -sha256 -hmac local-demo-launch-secret, with Q as above (README)
        assertThat(LaunchLinks.sign("local-demo-launch-secret", launch.canonical()))
                .isEqualTo("d5913ce9df2965afa0f13cfc594ca4d097df8eb61037db35f1e88bd60213c40c");
    }

    @Test
    void aStaffMembersLinkEndsWithThePractitionerAndAnAbsentEncounterIsEmpty() {
        LaunchLinks.Launch launch = new LaunchLinks.Launch("recommend", "demo", "jordan.kim", 1900000000L, NONCE, null,
                new RecommendRequest("SEED-EHR-1001", "", "dr-bennett").signedFields());
        assertThat(launch.canonical()).isEqualTo("action=recommend&tenant=demo&ehrUserId=jordan.kim&expires=1900000000"
                + "&nonce=" + NONCE + "&returnUrl=&patientId=SEED-EHR-1001&encounterId=&practitionerEhrUserId=dr-bennett");
        assertThat(LaunchLinks.sign("local-demo-launch-secret", launch.canonical()))
                .isEqualTo("2394d6aae35dd7ade65fdffd130b63dbb88c2dd0393334acbf26cb8f238602c3");
    }
}
