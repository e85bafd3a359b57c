package io.fullscriptbridge.simulator;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.convert.DurationStyle;

/**
 * The current webhook settings of {@link SimulatorWebhooks} (see {@link SimulatorProperties.Webhook} for the
 * meaning of each). Immutable.
 */
public record WebhookSettings(
        String url,
        boolean enabled,
        String challengeToken,
        String signatureSecret,
        List<Duration> retrySchedule,
        double dropRate,
        int outOfOrderBatch,
        Duration challengeTimeout,
        Duration payloadTimeout) {

    public WebhookSettings {
        url = url == null ? "" : url.trim();
        retrySchedule = retrySchedule == null ? List.of() : List.copyOf(retrySchedule);
        require(url.isEmpty() || isHttpUrl(url), "url must be an absolute http(s) URL");
        require(retrySchedule.stream().noneMatch(Duration::isNegative), "retry delays must not be negative");
        require(dropRate >= 0 && dropRate <= 1, "dropRate must be between 0 and 1");
        require(outOfOrderBatch >= 0, "outOfOrderBatch must not be negative");
        require(challengeTimeout != null && !challengeTimeout.isNegative() && !challengeTimeout.isZero(),
                "challengeTimeout must be positive");
        require(payloadTimeout != null && !payloadTimeout.isNegative() && !payloadTimeout.isZero(),
                "payloadTimeout must be positive");
    }

    static WebhookSettings of(SimulatorProperties.Webhook config) {
        List<Duration> schedule = new ArrayList<>();
        for (String delay : config.retrySchedule() == null ? List.<String>of() : config.retrySchedule()) {
            schedule.add(parseDelay(delay));
        }
        return new WebhookSettings(config.url(), config.enabled(), config.challengeToken(), config.signatureSecret(),
                schedule, config.dropRate(), config.outOfOrderBatch(), config.challengeTimeout(),
                config.payloadTimeout());
    }

    /** A plain number is seconds (decimals allowed: {@code 0.1} = 100 ms); otherwise {@code 100ms}, {@code 5m}, ... */
    static Duration parseDelay(String value) {
        String v = value == null ? "" : value.trim();
        if (v.matches("\\d+(\\.\\d+)?")) {
            return seconds(new BigDecimal(v));
        }
        try {
            return DurationStyle.detectAndParse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("retry delay '" + value + "' is neither seconds nor a duration");
        }
    }

    static Duration seconds(BigDecimal seconds) {
        return Duration.ofNanos(seconds.movePointRight(9).longValue());
    }

    /** These settings with another endpoint, enabled (for tests: {@code webhooks.configure(webhooks.settings().withUrl(url))}). */
    public WebhookSettings withUrl(String newUrl) {
        return new WebhookSettings(newUrl, true, challengeToken, signatureSecret, retrySchedule, dropRate,
                outOfOrderBatch, challengeTimeout, payloadTimeout);
    }

    public WebhookSettings withSecrets(String newChallengeToken, String newSignatureSecret) {
        return new WebhookSettings(url, enabled, newChallengeToken, newSignatureSecret, retrySchedule, dropRate,
                outOfOrderBatch, challengeTimeout, payloadTimeout);
    }

    public WebhookSettings withRetrySchedule(List<Duration> delays) {
        return new WebhookSettings(url, enabled, challengeToken, signatureSecret, delays, dropRate, outOfOrderBatch,
                challengeTimeout, payloadTimeout);
    }

    public WebhookSettings withDropRate(double rate) {
        return new WebhookSettings(url, enabled, challengeToken, signatureSecret, retrySchedule, rate,
                outOfOrderBatch, challengeTimeout, payloadTimeout);
    }

    public WebhookSettings withOutOfOrderBatch(int batch) {
        return new WebhookSettings(url, enabled, challengeToken, signatureSecret, retrySchedule, dropRate, batch,
                challengeTimeout, payloadTimeout);
    }

    public WebhookSettings withEnabled(boolean on) {
        return new WebhookSettings(url, on, challengeToken, signatureSecret, retrySchedule, dropRate,
                outOfOrderBatch, challengeTimeout, payloadTimeout);
    }

    /** Delivery happens only with a URL and while enabled. */
    public boolean active() {
        return enabled && !url.isEmpty();
    }

    /** Attempts in all: the first one plus one per retry delay (Fullscript: 6). */
    public int maxAttempts() {
        return 1 + retrySchedule.size();
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
