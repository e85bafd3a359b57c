package io.fullscriptbridge.simulator;

import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The simulated Fullscript page a {@code redirect_url} opens: "Treatment plan for &lt;patient&gt;" and an
 * "Activate treatment plan" button ({@code POST /simulator/fullscript/redirect/{token}/activate}), which sends the
 * plan ({@link SimulatorDynamicLinks#complete}). A link without a patient shows a patient picker. Not part of the
 * API: no bearer token, not counted.
 */
@RestController
@ConditionalOnSimulatorEnabled
@RequestMapping("/simulator/fullscript/redirect")
public class SimulatorRedirectController {

    private final SimulatorDynamicLinks links;
    private final SimulatorState state;

    public SimulatorRedirectController(SimulatorDynamicLinks links, SimulatorState state) {
        this.links = links;
        this.state = state;
    }

    @GetMapping("/{token}")
    public ResponseEntity<String> page(@PathVariable("token") String token) {
        SimDynamicLink link = links.link(token).orElse(null);
        if (link == null) {
            return html(HttpStatus.NOT_FOUND, "Link not found", "<p class=\"error\">This link is not valid.</p>");
        }
        if (link.completed() && link.treatmentPlanId() != null) {
            return sentPage(HttpStatus.OK, link.treatmentPlanId());
        }
        StringBuilder body = new StringBuilder();
        String practitioner = state.user(link.practitionerId()).map(SimUser::displayName).orElse("?");
        body.append("<p>Practitioner: <span class=\"practitioner\" data-practitioner-id=\"")
                .append(esc(link.practitionerId())).append("\">").append(esc(practitioner)).append("</span>")
                .append(" &middot; entry point: ").append(esc(link.entrypoint())).append("</p>\n");
        body.append("<form method=\"post\" action=\"/simulator/fullscript/redirect/").append(esc(token))
                .append("/activate\">\n");
        String title;
        if (link.patientId() != null) {
            SimPatient patient = state.patient(link.patientId()).orElse(null);
            String name = patient == null ? link.patientId() : patient.firstName() + " " + patient.lastName();
            title = "Treatment plan for " + name;
            body.append("<p class=\"patient\" data-patient-id=\"").append(esc(link.patientId())).append("\">")
                    .append(esc(name)).append("</p>\n");
        } else {
            title = "New treatment plan";
            body.append("<label>Patient <select name=\"patient_id\">\n");
            for (SimPatient p : state.patients(link.clinicId())) {
                body.append("<option value=\"").append(esc(p.id())).append("\">").append(esc(p.firstName()))
                        .append(' ').append(esc(p.lastName())).append(" &lt;").append(esc(p.email()))
                        .append("&gt;</option>\n");
            }
            body.append("</select></label>\n");
        }
        SimRecommendation sample = SimRecommendation.sample();
        body.append("<p>Recommendation: variant <code>").append(esc(sample.variantId())).append("</code>, ")
                .append(sample.unitsToPurchase()).append(" unit, ").append(esc(sample.dosage().amount()))
                .append(' ').append(esc(sample.dosage().frequency())).append("</p>\n");
        body.append("<button type=\"submit\">Activate treatment plan</button>\n</form>\n");
        return html(HttpStatus.OK, title, body.toString());
    }

    @PostMapping("/{token}/activate")
    public ResponseEntity<String> activate(@PathVariable("token") String token,
                                           @RequestParam(name = "patient_id", required = false) String patientId) {
        try {
            SimTreatmentPlan plan = links.complete(token, patientId, null);
            return sentPage(HttpStatus.OK, plan.id());
        } catch (SimulatorApiException e) {
            return html(e.status(), "Treatment plan not sent",
                    "<p class=\"error\">" + esc(String.join(", ", e.messages())) + "</p>");
        }
    }

    private ResponseEntity<String> sentPage(HttpStatus status, String planId) {
        SimTreatmentPlan plan = state.treatmentPlan(planId).orElse(null);
        String stateText = plan == null ? "?" : plan.state().value();
        return html(status, "Treatment plan sent", "<p class=\"treatment-plan\" data-treatment-plan-id=\""
                + esc(planId) + "\" data-state=\"" + esc(stateText) + "\">Treatment plan " + esc(planId) + " is "
                + esc(stateText) + ".</p>");
    }

    private static ResponseEntity<String> html(HttpStatus status, String title, String body) {
        String page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + esc(title)
                + " - Fullscript simulator</title>\n<style>body{font-family:sans-serif;max-width:46rem;"
                + "margin:2rem auto}</style>\n</head>\n<body>\n<h1>" + esc(title) + "</h1>\n" + body
                + "</body>\n</html>\n";
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8)).body(page);
    }

    private static String esc(String value) {
        return value == null ? "" : HtmlUtils.htmlEscape(value, "UTF-8");
    }
}
