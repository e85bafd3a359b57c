package io.fullscriptbridge.simulator;

import java.util.List;
import java.util.Map;

import org.springframework.web.util.HtmlUtils;

/**
 * The HTML consent page of the simulated authorize endpoint: one Approve button per clinic membership (a user in
 * two clinics appears twice) and one Deny button. Each button submits a form to
 * {@code POST /simulator/fullscript/api/oauth/authorize}.
 */
final class SimulatorConsentPage {

    static final String FORM_ACTION = SimulatorApiFilter.BASE_PATH + "/api/oauth/authorize";

    private SimulatorConsentPage() {
    }

    static String render(String clientId, String redirectUri, String state, List<SimUser> memberships,
                         Map<String, String> clinicNames) {
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>Authorize application - Fullscript simulator</title>\n")
                .append("<style>body{font-family:sans-serif;max-width:46rem;margin:2rem auto}")
                .append("li{margin:.5rem 0}form{display:inline}</style>\n")
                .append("</head>\n<body>\n<h1>Authorize application</h1>\n")
                .append("<p>Application <code>").append(esc(clientId))
                .append("</code> wants to access your Fullscript account. Sign in as:</p>\n<ul>\n");
        for (SimUser user : memberships) {
            html.append("<li class=\"membership\" data-membership-id=\"").append(esc(user.id())).append("\">")
                    .append("<strong>").append(esc(user.displayName())).append("</strong> (")
                    .append(esc(user.type().resourceOwnerType())).append(", ")
                    .append(esc(clinicNames.getOrDefault(user.clinicId(), user.clinicId()))).append(") &lt;")
                    .append(esc(user.email())).append("&gt; ");
            form(html, clientId, redirectUri, state, user.id(), "approve", "Approve");
            html.append("</li>\n");
        }
        html.append("</ul>\n<p>");
        form(html, clientId, redirectUri, state, null, "deny", "Deny");
        html.append("</p>\n</body>\n</html>\n");
        return html.toString();
    }

    static String error(String message) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>Authorization error - Fullscript simulator</title>\n</head>\n<body>\n"
                + "<h1>Authorization error</h1>\n<p class=\"error\">" + esc(message) + "</p>\n</body>\n</html>\n";
    }

    private static void form(StringBuilder html, String clientId, String redirectUri, String state,
                             String membershipId, String decision, String label) {
        html.append("<form method=\"post\" action=\"").append(FORM_ACTION).append("\">");
        hidden(html, "client_id", clientId);
        hidden(html, "redirect_uri", redirectUri);
        if (state != null) {
            hidden(html, "state", state);
        }
        if (membershipId != null) {
            hidden(html, "membership_id", membershipId);
        }
        html.append("<button type=\"submit\" name=\"decision\" value=\"").append(decision).append("\">")
                .append(esc(label)).append("</button></form>");
    }

    private static void hidden(StringBuilder html, String name, String value) {
        html.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"").append(esc(value))
                .append("\">");
    }

    private static String esc(String value) {
        return value == null ? "" : HtmlUtils.htmlEscape(value, "UTF-8");
    }
}
