package io.fullscriptbridge.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.UnaryOperator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The practitioner clicks "Connect my Fullscript account" in the EHR and approves at Fullscript (the simulator,
 * told beforehand to auto-approve): a connect link signed the README's way (every value percent-encoded, a
 * single-use nonce), followed through the OAuth redirects by a browser that keeps cookies.
 */
final class BrowserConnect {

    private BrowserConnect() {
    }

    /** @param bridgeUrl the node's URL for a path and query */
    static void connect(UnaryOperator<String> bridgeUrl, String tenant, String ehrUserId, String launchSecret) throws Exception {
        long expires = System.currentTimeMillis() / 1000 + 600;
        String nonce = UUID.randomUUID().toString().replace("-", "");
        String user = URLEncoder.encode(ehrUserId, StandardCharsets.UTF_8);
        String canonical = "action=connect&tenant=" + tenant + "&ehrUserId=" + user + "&expires=" + expires + "&nonce=" + nonce + "&returnUrl=";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(launchSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String sig = HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        String link = bridgeUrl.apply("/oauth/fullscript/connect?tenant=" + tenant + "&ehrUserId=" + user
                + "&expires=" + expires + "&nonce=" + nonce + "&sig=" + sig);
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    }
}
