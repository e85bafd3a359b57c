package io.fullscriptbridge.oauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Where the connect flow may send the browser back to: a URL whose parsed scheme, host and port equal one of the
 * tenant's allowed URLs and whose path lies under that URL's path, segment by segment. Never a string prefix:
 * {@code https://ehr.example.com.evil.io/}, {@code https://ehr.example.com@evil.io/}, {@code //evil.io} and
 * {@code javascript:} all start like something allowed or parse to another host.
 */
final class ReturnUrls {

    private ReturnUrls() {
    }

    static boolean allowed(String candidate, List<String> allowedUrls) {
        URI url = parse(candidate);
        if (url == null) {
            return false;
        }
        return allowedUrls.stream().map(ReturnUrls::parse).anyMatch(base -> base != null && within(url, base));
    }

    /** An absolute http(s) URL with a host, no user info, and a path without dot segments or encoded separators. */
    private static URI parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        URI url;
        try {
            url = new URI(value);
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || url.isOpaque() || !(scheme.equals("https") || scheme.equals("http"))
                || url.getHost() == null || url.getRawUserInfo() != null || url.getRawAuthority() == null
                || url.getRawAuthority().contains("@")) {
            return null;
        }
        String rawPath = url.getRawPath() == null ? "" : url.getRawPath();
        String lower = rawPath.toLowerCase(Locale.ROOT);
        // %2e (a dot), %2f (a slash) and %5c (a backslash) could become dot segments or separators after decoding
        if (rawPath.contains("\\") || lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c")) {
            return null;
        }
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return null;
            }
        }
        return url;
    }

    private static boolean within(URI url, URI base) {
        if (!url.getScheme().equalsIgnoreCase(base.getScheme()) || !url.getHost().equalsIgnoreCase(base.getHost())
                || port(url) != port(base)) {
            return false;
        }
        String path = url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String prefix = base.getRawPath().isEmpty() ? "/" : base.getRawPath();
        if (prefix.endsWith("/")) {
            return path.startsWith(prefix) || path.equals(prefix.substring(0, prefix.length() - 1));
        }
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    private static int port(URI url) {
        if (url.getPort() != -1) {
            return url.getPort();
        }
        return url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }
}
