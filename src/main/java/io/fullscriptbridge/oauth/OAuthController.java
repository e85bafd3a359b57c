package io.fullscriptbridge.oauth;

import io.fullscriptbridge.fullscript.FullscriptLane;
import java.net.URI;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * What a user's browser reaches: the EHR's "Connect my Fullscript account" link, Fullscript's callback, and the
 * user's own revoke and on/off links. Every link is signed by the EHR and works once (LaunchLinks); the callback
 * must come from the browser that followed the connect link (BrowserBinding); every failure is a plain page with a
 * reason, nothing stored, and a metric {@code bridge.oauth.link{action,outcome}}.
 */
@RestController
public class OAuthController {

    private final LaunchLinks links;
    private final ConnectFlow connectFlow;
    private final Revocations revocations;
    private final IntegrationSwitch integrationSwitch;
    private final MeterRegistry meters;
    private final OAuthProperties properties;
    private final BridgeUrls urls;
    private final org.springframework.beans.factory.ObjectProvider<AfterConnect> afterConnect;

    public OAuthController(LaunchLinks links, ConnectFlow connectFlow, Revocations revocations,
                           IntegrationSwitch integrationSwitch, MeterRegistry meters, OAuthProperties properties, BridgeUrls urls,
                           org.springframework.beans.factory.ObjectProvider<AfterConnect> afterConnect) {
        this.links = links;
        this.connectFlow = connectFlow;
        this.revocations = revocations;
        this.integrationSwitch = integrationSwitch;
        this.meters = meters;
        this.properties = properties;
        this.urls = urls;
        this.afterConnect = afterConnect;
    }

    @GetMapping(BridgeUrls.CONNECT_PATH)
    public ResponseEntity<String> connect(@RequestParam(required = false) String tenant,
                                          @RequestParam(required = false) String ehrUserId,
                                          @RequestParam(required = false, defaultValue = "0") long expires,
                                          @RequestParam(required = false) String nonce,
                                          @RequestParam(required = false) String returnUrl,
                                          @RequestParam(required = false) String sig,
                                          @CookieValue(name = BrowserBinding.COOKIE, required = false) String browser,
                                          HttpServletRequest request) {
        try {
            LaunchLinks.Launch launch = links.consume(new LaunchLinks.Launch("connect", tenant, ehrUserId, expires, nonce, returnUrl), sig);
            String browserValue = BrowserBinding.valueFor(browser);
            String authorizeUrl = connectFlow.start(launch, browserValue);
            count("connect", "redirected");
            boolean secure = request.isSecure() || urls.publicBaseUrl().startsWith("https:");
            return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(authorizeUrl))
                    .header(HttpHeaders.SET_COOKIE, BrowserBinding.cookie(browserValue, properties.getStateTtl(), secure).toString())
                    .build();
        } catch (LaunchLinks.RefusedException e) {
            count("connect", e.reason());
            return page(HttpStatus.FORBIDDEN, "Cannot connect Fullscript", e.getMessage());
        }
    }

    @GetMapping(BridgeUrls.CALLBACK_PATH)
    public ResponseEntity<String> callback(@RequestParam(required = false) String code,
                                           @RequestParam(required = false) String state,
                                           @RequestParam(required = false) String error,
                                           @CookieValue(name = BrowserBinding.COOKIE, required = false) String browser) {
        try {
            // the user waits in the browser: the code exchange and clinic lookup are interactive calls (D83)
            ConnectFlow.Connected connected = FullscriptLane.interactive(() -> connectFlow.complete(state, code, error, browser));
            count("callback", "connected");
            AfterConnect next = connected.continuation() == null ? null : afterConnect.getIfAvailable();
            if (next != null) {
                // the launch that sent the user here (kept with the state, never read from this request's query)
                return next.resume(connected);
            }
            if (connected.returnUrl() != null) {
                return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(connected.returnUrl())).build();
            }
            if (!connected.missingScopes().isEmpty()) {
                return page(HttpStatus.OK, "Fullscript is connected, with missing permissions",
                        "Your Fullscript account is connected, but Fullscript did not grant " + String.join(", ", connected.missingScopes())
                                + ". Some actions will ask you to connect again; ask your administrator to check the app's scopes.");
            }
            return page(HttpStatus.OK, "Fullscript is connected",
                    "Your Fullscript account is connected. You can close this window and return to your EHR.");
        } catch (ConnectFlow.ConnectFailedException e) {
            count("callback", e.reason());
            HttpStatus status = "exchange_failed".equals(e.reason()) || "clinic_lookup_failed".equals(e.reason())
                    ? HttpStatus.BAD_GATEWAY : "other_browser".equals(e.reason()) ? HttpStatus.FORBIDDEN : HttpStatus.BAD_REQUEST;
            return page(status, "Fullscript was not connected", e.getMessage());
        }
    }

    /** A user's own revoke link opens a confirmation: a GET must never change anything (link previews, prefetch). */
    @GetMapping("/oauth/fullscript/revoke")
    public ResponseEntity<String> confirmRevoke(@RequestParam(required = false) String tenant,
                                                @RequestParam(required = false) String ehrUserId,
                                                @RequestParam(required = false, defaultValue = "0") long expires,
                                                @RequestParam(required = false) String nonce,
                                                @RequestParam(required = false) String sig) {
        Optional<ResponseEntity<String>> refused = refused(new LaunchLinks.Launch("revoke", tenant, ehrUserId, expires, nonce, null), sig,
                "Cannot disconnect Fullscript", false);
        if (refused.isPresent()) {
            return refused.get();
        }
        String form = "<form method=\"post\" action=\"/oauth/fullscript/revoke\">"
                + hidden("tenant", tenant) + hidden("ehrUserId", ehrUserId) + hidden("expires", String.valueOf(expires)) + hidden("nonce", nonce) + hidden("sig", sig)
                + "<button type=\"submit\">Disconnect my Fullscript account</button></form>";
        return html(HttpStatus.OK, "Disconnect Fullscript?", "<p>The bridge will forget your Fullscript tokens and revoke them at Fullscript.</p>" + form);
    }

    @PostMapping("/oauth/fullscript/revoke")
    public ResponseEntity<String> revoke(@RequestParam(required = false) String tenant,
                                         @RequestParam(required = false) String ehrUserId,
                                         @RequestParam(required = false, defaultValue = "0") long expires,
                                         @RequestParam(required = false) String nonce,
                                         @RequestParam(required = false) String sig) {
        Optional<ResponseEntity<String>> refused = refused(new LaunchLinks.Launch("revoke", tenant, ehrUserId, expires, nonce, null), sig,
                "Cannot disconnect Fullscript", true);
        if (refused.isPresent()) {
            return refused.get();
        }
        int revoked = revocations.revokeUser(tenant, ehrUserId, "user");
        count("revoke", "revoked");
        return page(HttpStatus.OK, "Fullscript is disconnected",
                revoked == 0 ? "There was no Fullscript connection to remove." : "Your Fullscript account is disconnected.");
    }

    /** The user's own on/off switch: action=enable or action=disable, signed like every link. */
    @PostMapping("/oauth/fullscript/integration")
    public ResponseEntity<String> toggle(@RequestParam(required = false) String action,
                                         @RequestParam(required = false) String tenant,
                                         @RequestParam(required = false) String ehrUserId,
                                         @RequestParam(required = false, defaultValue = "0") long expires,
                                         @RequestParam(required = false) String nonce,
                                         @RequestParam(required = false) String sig) {
        if (!"enable".equals(action) && !"disable".equals(action)) {
            count("toggle", "bad_action");
            return page(HttpStatus.BAD_REQUEST, "Unknown action", "action must be enable or disable");
        }
        Optional<ResponseEntity<String>> refused = refused(new LaunchLinks.Launch(action, tenant, ehrUserId, expires, nonce, null), sig,
                "Cannot change the Fullscript integration", true);
        if (refused.isPresent()) {
            return refused.get();
        }
        boolean enabled = integrationSwitch.set(tenant, ehrUserId, "enable".equals(action), "user");
        count("toggle", action + "d");
        return page(HttpStatus.OK, "Fullscript integration " + (enabled ? "on" : "off"),
                enabled ? "The Fullscript integration is on." : "The Fullscript integration is off. Your connection is kept.");
    }

    /**
     * The refusal page when the link does not verify (counted under the link's action), else empty.
     * @param use whether this request uses the link up (the POST that acts; a confirmation page does not)
     */
    private Optional<ResponseEntity<String>> refused(LaunchLinks.Launch launch, String sig, String title, boolean use) {
        try {
            if (use) {
                links.consume(launch, sig);
            } else {
                links.verify(launch, sig);
            }
            return Optional.empty();
        } catch (LaunchLinks.RefusedException e) {
            count("enable".equals(launch.action()) || "disable".equals(launch.action()) ? "toggle" : launch.action(), e.reason());
            return Optional.of(page(HttpStatus.FORBIDDEN, title, e.getMessage()));
        }
    }

    private void count(String action, String outcome) {
        meters.counter("bridge.oauth.link", "action", action, "outcome", outcome).increment();
    }

    private static ResponseEntity<String> page(HttpStatus status, String title, String message) {
        return html(status, title, "<p>" + HtmlUtils.htmlEscape(message) + "</p>");
    }

    private static ResponseEntity<String> html(HttpStatus status, String title, String bodyHtml) {
        String t = HtmlUtils.htmlEscape(title);
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML)
                .body("<!doctype html><html><head><meta charset=\"utf-8\"><title>" + t + "</title></head><body><h1>" + t + "</h1>"
                        + bodyHtml + "</body></html>");
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + HtmlUtils.htmlEscape(value == null ? "" : value) + "\">";
    }
}
