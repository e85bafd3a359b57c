package io.fullscriptbridge.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The signed string exactly as the README's shell example (openssl, jq @uri) builds it. */
class LaunchLinksCanonicalTest {

    @Test
    void everyValueIsPercentEncodedInAFixedKeyOrder() {
        LaunchLinks.Launch launch = new LaunchLinks.Launch("connect", "demo", "dr-new", 1900000000L,
                "0123456789abcdef0123456789abcdef", "https://ehr.example.com/patients/42?tab=fs&x=~ é");
        assertThat(launch.canonical()).isEqualTo("action=connect&tenant=demo&ehrUserId=dr-new&expires=1900000000"
                + "&nonce=0123456789abcdef0123456789abcdef"
                + "&returnUrl=https%3A%2F%2Fehr.example.com%2Fpatients%2F42%3Ftab%3Dfs%26x%3D~%20%C3%A9");
        // printf %s "$Q" | openssl dgst -sha256 -hmac local-demo-launch-secret, with Q as above (README)
        assertThat(LaunchLinks.sign("local-demo-launch-secret", launch.canonical()))
                .isEqualTo("5aae9e602fd1a2670ec7f9f668e7df53642494675f9a8ed0b9e853108f448a4d");
    }

    @Test
    void aMissingReturnUrlIsAnEmptyValueAndSeparatorsInValuesAreEncoded() {
        LaunchLinks.Launch launch = new LaunchLinks.Launch("revoke", "demo", "bob&expires=1", 1L, "n".repeat(16), null);
        assertThat(launch.canonical()).isEqualTo("action=revoke&tenant=demo&ehrUserId=bob%26expires%3D1&expires=1&nonce=nnnnnnnnnnnnnnnn&returnUrl=");
    }
}
