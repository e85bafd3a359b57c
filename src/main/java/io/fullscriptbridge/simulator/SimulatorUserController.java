package io.fullscriptbridge.simulator;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Simulated {@code /api/clinic/practitioners} and {@code /api/clinic/staff} (list, retrieve, PATCH). */
@RestController
@ConditionalOnSimulatorEnabled
@RequestMapping(SimulatorApiFilter.BASE_PATH + "/api/clinic")
public class SimulatorUserController {

    private final SimulatorState state;

    public SimulatorUserController(SimulatorState state) {
        this.state = state;
    }

    @GetMapping("/practitioners")
    public Map<String, Object> practitioners(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                             @RequestParam(name = "page[number]", required = false) String pageNumber,
                                             @RequestParam(name = "page[size]", required = false) String pageSize) {
        return list(caller, SimUser.Type.PRACTITIONER, "practitioners", pageNumber, pageSize);
    }

    @GetMapping("/practitioners/{id}")
    public Map<String, Object> practitioner(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                            @PathVariable("id") String id) {
        return retrieve(caller, SimUser.Type.PRACTITIONER, "practitioner", id);
    }

    @PatchMapping("/practitioners/{id}")
    public Map<String, Object> updatePractitioner(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                                  @PathVariable("id") String id,
                                                  @RequestBody(required = false) JsonNode body) {
        return update(caller, SimUser.Type.PRACTITIONER, "practitioner", id, body);
    }

    @GetMapping("/staff")
    public Map<String, Object> staff(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                     @RequestParam(name = "page[number]", required = false) String pageNumber,
                                     @RequestParam(name = "page[size]", required = false) String pageSize) {
        return list(caller, SimUser.Type.STAFF, "staff", pageNumber, pageSize);
    }

    @GetMapping("/staff/{id}")
    public Map<String, Object> staffMember(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                           @PathVariable("id") String id) {
        return retrieve(caller, SimUser.Type.STAFF, "staff", id);
    }

    @PatchMapping("/staff/{id}")
    public Map<String, Object> updateStaff(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                           @PathVariable("id") String id,
                                           @RequestBody(required = false) JsonNode body) {
        return update(caller, SimUser.Type.STAFF, "staff", id, body);
    }

    private Map<String, Object> list(ApiCaller caller, SimUser.Type type, String key, String pageNumber,
                                     String pageSize) {
        Pagination page = Pagination.of(pageNumber, pageSize);
        return page.page(key, state.users(caller.clinicId(), type), SimulatorJson::user);
    }

    private Map<String, Object> retrieve(ApiCaller caller, SimUser.Type type, String key, String id) {
        SimUser user = state.user(id)
                .filter(u -> u.clinicId().equals(caller.clinicId()) && u.type() == type)
                .orElseThrow(SimulatorApiException::notFound);
        return Map.of(key, SimulatorJson.user(user));
    }

    private Map<String, Object> update(ApiCaller caller, SimUser.Type type, String key, String id, JsonNode body) {
        UserChanges changes = UserChanges.of(RequestBodies.attributes(body, key));
        SimUser user = state.updateUser(caller.clinicId(), type, id, changes);
        return Map.of(key, SimulatorJson.user(user));
    }
}
