package io.fullscriptbridge.launch;

import io.fullscriptbridge.fullscript.FullscriptLane;
import java.net.URI;

import io.fullscriptbridge.oauth.AfterConnect;
import io.fullscriptbridge.oauth.BridgeUrls;
import io.fullscriptbridge.oauth.BrowserBinding;
import io.fullscriptbridge.oauth.ConnectFlow;
import io.fullscriptbridge.oauth.Continuation;
import io.fullscriptbridge.oauth.LaunchLinks;
import io.fullscriptbridge.oauth.OAuthProperties;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The one "Recommend with Fullscript" link: {@code GET /launch/recommend?tenant&ehrUserId&patientId&encounterId
 * [&practitionerEhrUserId]&expires&nonce&sig}, signed by the EHR like a connect link (LaunchLinks, action
 * {@code recommend}) and used up on first use. With a usable connection the browser goes straight to Fullscript's
 * Redirect link for a new plan for the patient; without one it goes through the connect flow first, the verified
 * request sealed with the OAuth state, and continues from the callback ({@link AfterConnect}). Every refusal is a
 * plain page with a reason and a metric {@code bridge.oauth.link{action=recommend,outcome}}.
 */
@RestController
public class RecommendController implements AfterConnect {

    public static final String PATH = "/launch/recommend";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RecommendController.class);

    private final LaunchLinks links;
    private final Recommender recommender;
    private final ConnectFlow connectFlow;
    private final OAuthProperties properties;
    private final BridgeUrls urls;
    private final MeterRegistry meters;

    public RecommendController(LaunchLinks links, Recommender recommender, ConnectFlow connectFlow, OAuthProperties properties,
                               BridgeUrls urls, MeterRegistry meters) {
        this.links = links;
        this.recommender = recommender;
        this.connectFlow = connectFlow;
        this.properties = properties;
        this.urls = urls;
        this.meters = meters;
    }

    @GetMapping(PATH)
    public ResponseEntity<String> recommend(@RequestParam(required = false) String tenant,
                                            @RequestParam(required = false) String ehrUserId,
                                            @RequestParam(required = false) String patientId,
                                            @RequestParam(required = false) String encounterId,
                                            @RequestParam(required = false) String practitionerEhrUserId,
                                            @RequestParam(required = false, defaultValue = "0") long expires,
                                            @RequestParam(required = false) String nonce,
                                            @RequestParam(required = false) String sig,
                                            @CookieValue(name = BrowserBinding.COOKIE, required = false) String browser,
                                            HttpServletRequest http) {
        RecommendRequest request = new RecommendRequest(patientId, encounterId, practitionerEhrUserId);
        // no returnUrl: the browser only ever goes on to Fullscript (or the connect flow), never to a URL from the query
        LaunchLinks.Launch launch = new LaunchLinks.Launch(RecommendRequest.ACTION, tenant, ehrUserId, expires, nonce, null,
                request.signedFields());
        try {
            if (patientId == null || patientId.isBlank()) {
                throw new LaunchLinks.RefusedException("incomplete", "the link is incomplete");
            }
            links.consume(launch, sig);
        } catch (LaunchLinks.RefusedException e) {
            count(e.reason());
            return LaunchPages.page(HttpStatus.FORBIDDEN, "Cannot recommend with Fullscript", e.getMessage());
        }
        // a person waits on this answer: its Fullscript calls go before bulk calls (D83)
        Recommender.Outcome outcome = FullscriptLane.interactive(() -> recommender.recommend(tenant, ehrUserId, null, request, false, nonce));
        if (outcome instanceof Recommender.ConnectFirst connectFirst) {
            String browserValue = BrowserBinding.valueFor(browser);
            String authorizeUrl = connectFlow.start(launch, browserValue, new Continuation(RecommendRequest.ACTION, request.signedFields()));
            count("connect_first_" + connectFirst.reason());
            boolean secure = http.isSecure() || urls.publicBaseUrl().startsWith("https:");
            return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(authorizeUrl))
                    .header(HttpHeaders.SET_COOKIE, BrowserBinding.cookie(browserValue, properties.getStateTtl(), secure).toString())
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .build();
        }
        return answer(outcome);
    }

    /** The callback stored the connection the recommend link needed: continue with what the state kept. */
    @Override
    public ResponseEntity<String> resume(ConnectFlow.Connected connected) {
        Continuation continuation = connected.continuation();
        if (!RecommendRequest.ACTION.equals(continuation.action())) {
            count("unknown_continuation");
            return LaunchPages.page(HttpStatus.OK, "Fullscript is connected",
                    "Your Fullscript account is connected. You can close this window and return to your EHR.");
        }
        var connection = connected.connection();
        Recommender.Outcome outcome = FullscriptLane.interactive(() -> recommender.recommend(connection.getTenant(), connection.getEhrUserId(),
                connection.getClinicId(), RecommendRequest.of(continuation.fields()), true, "after-connect:" + connection.getId()));
        return answer(outcome);
    }

    private ResponseEntity<String> answer(Recommender.Outcome outcome) {
        if (outcome instanceof Recommender.Redirect redirect) {
            count("redirected");
            return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(redirect.url()))
                    .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        }
        if (outcome instanceof Recommender.Refused refused) {
            count(refused.reason());
            return LaunchPages.page(refused.status(), refused.title(), refused.message());
        }
        // a connect that still needs a connect: never loop the browser round Fullscript again
        count("still_no_connection");
        return LaunchPages.page(HttpStatus.BAD_GATEWAY, "Cannot recommend with Fullscript",
                "Fullscript did not accept the connection. Open the link again from your EHR.");
    }

    private void count(String outcome) {
        log.info("recommend link outcome={}", outcome);
        meters.counter("bridge.oauth.link", "action", RecommendRequest.ACTION, "outcome", outcome).increment();
    }
}
