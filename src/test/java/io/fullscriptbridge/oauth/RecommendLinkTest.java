package io.fullscriptbridge.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.fullscriptbridge.crossindex.PatientXrefRepository;
import io.fullscriptbridge.launch.RecommendController;
import io.fullscriptbridge.launch.RecommendRequest;
import io.fullscriptbridge.simulator.OAuthAutoApproval;
import io.fullscriptbridge.simulator.SimDynamicLink;
import io.fullscriptbridge.simulator.SimulatorDynamicLinks;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 9: the one "Recommend with Fullscript" link, end to end over real HTTP: the EHR's signed link, the
 * simulator's OAuth pages when the user must connect first, and Fullscript's Redirect link the browser lands on.
 */
@BridgeIntegrationTest
class RecommendLinkTest extends OAuthTestSupport {

    @Autowired SimulatorDynamicLinks dynamicLinks;
    @Autowired PatientXrefRepository xrefs;
    @Autowired IntegrationSwitch integrationSwitch;

    @Test
    void aConnectedPractitionerLandsOnFullscriptsRedirectLinkForThePatient() throws Exception {
        String user = newUser();
        connect(user, SimulatorSeed.PRACTITIONER_1_ID);
        String mrn = syncedPatient(user);

        HttpResponse<String> answer = http.get(recommendLink("demo", user, mrn, "ENC-7", null));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
        SimDynamicLink link = dynamicLinkAt(answer);
        assertThat(link.kind()).isEqualTo(SimDynamicLink.Kind.GATEWAY);
        assertThat(link.practitionerId()).isEqualTo(SimulatorSeed.PRACTITIONER_1_ID);
        assertThat(link.patientId()).isEqualTo(fullscriptIdOf(mrn));
        // the encounter waits for the plan Fullscript will create, as with the queue's treatment_plan.link
        assertThat(jdbc.queryForObject("select count(*) from plan_link_request where ehr_patient_id = ? and encounter_id = 'ENC-7'",
                Integer.class, mrn)).isEqualTo(1);
        // the browser, following the redirect, sees Fullscript's page for that patient
        assertThat(http.browse(answer.headers().firstValue("Location").orElseThrow()).body()).contains("Treatment plan for Rosalind Franklin");
    }

    @Test
    void withoutAConnectionTheUserConnectsFirstAndContinuesToTheSamePlace() throws Exception {
        String colleague = newUser();
        connect(colleague, SimulatorSeed.PRACTITIONER_1_ID);
        String mrn = syncedPatient(colleague);

        String user = newUser();
        autoApproval.set(OAuthAutoApproval.Decision.approve(SimulatorSeed.PRACTITIONER_1_ID));
        HttpResponse<String> toFullscript = http.get(recommendLink("demo", user, mrn, null, null));
        assertThat(toFullscript.statusCode()).isEqualTo(302);
        assertThat(URI.create(toFullscript.headers().firstValue("Location").orElseThrow()).getPath())
                .isEqualTo("/simulator/fullscript/api/oauth/authorize");

        // through the simulator's authorize page and the bridge's callback, on to Fullscript's Redirect link
        HttpResponse<String> callback = http.get(toFullscript.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> landed = http.browse(callback.headers().firstValue("Location").orElseThrow());
        assertThat(landed.statusCode()).as(landed.body()).isEqualTo(200);
        assertThat(landed.uri().getPath()).startsWith(SimulatorDynamicLinks.REDIRECT_PATH);
        assertThat(landed.body()).contains("Treatment plan for Rosalind Franklin");
        SimDynamicLink link = dynamicLinks.link(SimulatorDynamicLinks.tokenOf(landed.uri().toString())).orElseThrow();
        assertThat(link.patientId()).isEqualTo(fullscriptIdOf(mrn));
        assertThat(connections.findByTenantAndEhrUserIdOrderByCreatedAt("demo", user)).hasSize(1);
    }

    @Test
    void theRequestAfterTheCallbackIsTheOneTheEhrSignedNotTheCallbacksQuery() throws Exception {
        String colleague = newUser();
        connect(colleague, SimulatorSeed.PRACTITIONER_1_ID);
        String signedFor = syncedPatient(colleague);
        String another = syncedPatient(colleague);

        String user = newUser();
        autoApproval.set(OAuthAutoApproval.Decision.approve(SimulatorSeed.PRACTITIONER_1_ID));
        String authorize = http.get(recommendLink("demo", user, signedFor, null, null)).headers().firstValue("Location").orElseThrow();
        String callback = http.get(authorize).headers().firstValue("Location").orElseThrow();
        HttpResponse<String> answer = http.get(callback + "&patientId=" + another + "&practitionerEhrUserId=" + colleague);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
        assertThat(dynamicLinkAt(answer).patientId()).isEqualTo(fullscriptIdOf(signedFor));
        // the continuation is sealed in the state row: no patient id readable at rest
        assertThat(jdbc.queryForList("select continuation_sealed from oauth_state where ehr_user_id = ?", String.class, user))
                .singleElement().satisfies(sealed -> assertThat(sealed).startsWith("v2:").doesNotContain(signedFor));
    }

    @Test
    void aStaffMemberNamesThePractitionerTheirEhrConnected() throws Exception {
        String practitioner = newUser();
        connect(practitioner, SimulatorSeed.PRACTITIONER_1_ID);
        String mrn = syncedPatient(practitioner);
        String staff = newUser();
        connect(staff, SimulatorSeed.STAFF_1_ID);

        HttpResponse<String> answer = http.get(recommendLink("demo", staff, mrn, null, practitioner));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
        assertThat(dynamicLinkAt(answer).practitionerId()).isEqualTo(SimulatorSeed.PRACTITIONER_1_ID);

        HttpResponse<String> unnamed = http.get(recommendLink("demo", staff, mrn, null, null));
        assertThat(unnamed.statusCode()).isEqualTo(403);
        assertThat(unnamed.body()).contains("must name the practitioner");

        HttpResponse<String> notConnected = http.get(recommendLink("demo", staff, mrn, null, newUser()));
        assertThat(notConnected.statusCode()).isEqualTo(403);
        assertThat(notConnected.body()).contains("has not connected");
    }

    @Test
    void aPatientFullscriptDoesNotKnowAndCannotBeCreatedWithoutEmailGetsAClearPage() throws Exception {
        String user = newUser();
        connect(user, SimulatorSeed.PRACTITIONER_1_ID);
        String mrn = mrn();
        String messageId = sendInbound(user, "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + mrn
                + "\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\"}}");
        assertThat(receiveOutbound(messageId, 20_000).at("/data/reason").asText()).isEqualTo("email_required");
        long links = dynamicLinks.links().size();

        HttpResponse<String> answer = http.get(recommendLink("demo", user, mrn, null, null));

        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(answer.body()).contains("not in Fullscript yet").contains("email address").doesNotContain(mrn);
        assertThat(dynamicLinks.links()).hasSize((int) links);
    }

    @Test
    void aPatientWaitingForReviewIsNotGuessed() throws Exception {
        String user = newUser();
        connect(user, SimulatorSeed.PRACTITIONER_1_ID);
        String mrn = mrn();
        String messageId = sendInbound(user, "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + mrn
                + "\",\"firstName\":\"Sam\",\"lastName\":\"Rivera\",\"email\":\"" + SimulatorSeed.FAMILY_EMAIL + "\"}}");
        assertThat(receiveOutbound(messageId, 20_000).path("type").asText()).isEqualTo("patient.review_required");

        HttpResponse<String> answer = http.get(recommendLink("demo", user, mrn, null, null));

        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(answer.body()).contains("administrator must confirm").doesNotContain(mrn).doesNotContain(SimulatorSeed.FAMILY_EMAIL);
    }

    @Test
    void aUserWhoSwitchedTheIntegrationOffIsToldSo() throws Exception {
        String user = newUser();
        connect(user, SimulatorSeed.PRACTITIONER_1_ID);
        String mrn = syncedPatient(user);
        integrationSwitch.set("demo", user, false, "user");

        HttpResponse<String> answer = http.get(recommendLink("demo", user, mrn, null, null));

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("switched off");
        assertThat(answer.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void aUserOfSeveralClinicsActsInTheOneWhereThePatientIsLinked() throws Exception {
        String user = newUser();
        connect(user, SimulatorSeed.PRACTITIONER_1_ID);
        autoApproval.set(OAuthAutoApproval.Decision.approve(SimulatorSeed.PRACTITIONER_2_ID));
        assertThat(http.browse(connectLink("demo", user, null)).statusCode()).isEqualTo(200);
        assertThat(connections.findByTenantAndEhrUserIdOrderByCreatedAt("demo", user)).hasSize(2);
        String colleague = newUser();
        connect(colleague, SimulatorSeed.PRACTITIONER_1_ID);
        String mrn = syncedPatient(colleague);

        HttpResponse<String> answer = http.get(recommendLink("demo", user, mrn, null, null));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
        assertThat(dynamicLinkAt(answer).clinicId()).isEqualTo(SimulatorSeed.CLINIC_1_ID);
        assertThat(dynamicLinkAt(answer).practitionerId()).isEqualTo(SimulatorSeed.PRACTITIONER_1_ID);

        HttpResponse<String> unknown = http.get(recommendLink("demo", user, mrn(), null, null));
        assertThat(unknown.statusCode()).isEqualTo(409);
        assertThat(unknown.body()).contains("several Fullscript clinics");
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    String recommendLink(String tenant, String ehrUserId, String patientId, String encounterId, String practitionerEhrUserId) {
        return links.signedUrl("", RecommendController.PATH, new LaunchLinks.Launch("recommend", tenant, ehrUserId,
                links.expiresIn(Duration.ofMinutes(5)), LaunchLinks.newNonce(), null,
                new RecommendRequest(patientId, encounterId, practitionerEhrUserId).signedFields()));
    }

    /** A patient the bridge has linked in clinic 1 through the queue. */
    String syncedPatient(String connectedUser) throws Exception {
        String mrn = mrn();
        String messageId = sendInbound(connectedUser, upsert(mrn));
        JsonNode linked = receiveOutbound(messageId, 20_000);
        assertThat(linked.path("type").asText()).as(linked.toString()).isEqualTo("patient.linked");
        return mrn;
    }

    String fullscriptIdOf(String mrn) {
        return xrefs.findByTenantAndEhrPatientIdAndClinicId("demo", mrn, SimulatorSeed.CLINIC_1_ID).orElseThrow().getFullscriptPatientId();
    }

    SimDynamicLink dynamicLinkAt(HttpResponse<String> redirect) {
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertThat(URI.create(location).getPath()).startsWith(SimulatorDynamicLinks.REDIRECT_PATH);
        return dynamicLinks.link(SimulatorDynamicLinks.tokenOf(location)).orElseThrow();
    }
}
