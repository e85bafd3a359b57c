package io.fullscriptbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import io.fullscriptbridge.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every admin and console call the application maps, enumerated from its own RequestMappingHandlerMapping (a new
 * controller is covered without editing this test): anonymous callers get 401; writes with the admin's credentials
 * but without {@code X-Bridge-Admin: 1} get 403. The OpenAPI description is admin only and lists every controller
 * path of the bridge.
 */
@BridgeIntegrationTest
class AdminSurfaceTest {

    @LocalServerPort int port;
    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;
    @Autowired ObjectMapper json;

    record Call(String method, String pattern) {
        String path() {
            return pattern.replaceAll("\\{[^}]+}", "x");
        }
    }

    List<Call> calls(String prefix) {
        List<Call> calls = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith(prefix)) {
                    continue;
                }
                for (RequestMethod m : methods.isEmpty() ? Set.of(RequestMethod.GET, RequestMethod.POST) : methods) {
                    calls.add(new Call(m.name(), pattern));
                }
            }
        });
        return calls;
    }

    @Test
    void everyAdminAndConsoleCallRefusesAnonymousCallers() {
        Http http = new Http(port);
        List<Call> admin = calls("/api/admin");
        // the console's calls and the older admin calls are all there (a broken enumeration would pass with none)
        assertThat(admin.stream().map(Call::pattern)).contains("/api/admin/dead-letters", "/api/admin/dead-letters/replay",
                "/api/admin/journal", "/api/admin/routes", "/api/admin/routes/{routeId}/stop", "/api/admin/queues",
                "/api/admin/connections", "/api/admin/reviews");
        List<String> open = new ArrayList<>();
        for (Call call : admin) {
            int status = http.admin(call.method(), call.path(), "{}", null, null, true).statusCode();
            if (status != 401) {
                open.add(call + " -> " + status);
            }
        }
        assertThat(open).as("admin calls that answer an anonymous caller").isEmpty();
        // the OpenAPI description and its UI too
        for (Call call : calls("/v3/api-docs")) {
            assertThat(http.get(call.path()).statusCode()).as(call.toString()).isEqualTo(401);
        }
        assertThat(http.get("/v3/api-docs").statusCode()).isEqualTo(401);
        assertThat(http.get("/swagger-ui/index.html").statusCode()).isEqualTo(401);
    }

    @Test
    void everyAdminWriteNeedsTheAdminHeader() {
        Http http = new Http(port);
        List<String> unguarded = new ArrayList<>();
        for (Call call : calls("/api/admin")) {
            if (call.method().equals("GET") || call.method().equals("HEAD")) {
                continue;
            }
            int status = http.admin(call.method(), call.path(), "{}", "test-admin", "test-admin-password", false).statusCode();
            if (status != 403) {
                unguarded.add(call + " -> " + status);
            }
        }
        assertThat(unguarded).as("admin writes that run without X-Bridge-Admin").isEmpty();
    }

    @Test
    void theConsoleShellHoldsNoDataAndTheOpenApiListsEveryControllerPath() throws Exception {
        Http http = new Http(port);
        var shell = http.get("/");
        assertThat(shell.statusCode()).isEqualTo(200);
        assertThat(shell.body()).contains("login-form").doesNotContain("dr-bennett").doesNotContain("demo");

        var docs = http.admin("GET", "/v3/api-docs", null, "test-admin", "test-admin-password", false);
        assertThat(docs.statusCode()).isEqualTo(200);
        Set<String> documented = new TreeSet<>();
        json.readTree(docs.body()).path("paths").fieldNames().forEachRemaining(documented::add);
        Set<String> mapped = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (handler.getBeanType().getPackageName().startsWith("io.fullscriptbridge")
                    && !handler.getBeanType().getPackageName().startsWith("io.fullscriptbridge.simulator")) {
                mapped.addAll(info.getPatternValues());
            }
        });
        assertThat(mapped).contains("/api/admin/dead-letters", "/api/ehr/messages", "/webhooks/fullscript");
        assertThat(documented).as("every controller path of the bridge in /v3/api-docs").containsAll(mapped);
        JsonNode replay = json.readTree(docs.body()).at("/paths/~1api~1admin~1dead-letters~1replay/post");
        assertThat(replay.isMissingNode()).isFalse();
    }
}
