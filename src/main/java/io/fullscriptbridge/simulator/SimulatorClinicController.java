package io.fullscriptbridge.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Simulated {@code GET /api/clinic} and {@code GET /api/clinic/metadata}. */
@RestController
@ConditionalOnSimulatorEnabled
@RequestMapping(SimulatorApiFilter.BASE_PATH + "/api/clinic")
public class SimulatorClinicController {

    static final Set<String> METADATA_TYPES = Set.of("patient", "practitioner", "staff", "treatment_plan");

    private final SimulatorState state;

    public SimulatorClinicController(SimulatorState state) {
        this.state = state;
    }

    @GetMapping
    public Map<String, Object> clinic(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller) {
        SimClinic clinic = state.clinic(caller.clinicId()).orElseThrow(SimulatorApiException::notFound);
        return Map.of("clinic", new SimulatorJson.Clinic(clinic.id(), clinic.name(),
                state.patients(clinic.id()).size(),
                state.users(clinic.id(), SimUser.Type.PRACTITIONER).size(),
                clinic.dispensaryUrl(), clinic.integrationId(),
                SimulatorJson.timestamp(clinic.integrationActivatedAt())));
    }

    @GetMapping("/metadata")
    public Map<String, Object> findByMetadata(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                              @RequestParam(name = "id", required = false) String id,
                                              @RequestParam(name = "type", required = false) String type,
                                              @RequestParam(name = "page[number]", required = false) String pageNumber,
                                              @RequestParam(name = "page[size]", required = false) String pageSize) {
        List<String> errors = new ArrayList<>();
        if (id == null || id.isBlank()) {
            errors.add("Id can't be blank");
        }
        if (type == null || type.isBlank()) {
            errors.add("Type can't be blank");
        } else if (!METADATA_TYPES.contains(type)) {
            errors.add("Type is not included in the list");
        }
        if (!errors.isEmpty()) {
            throw SimulatorApiException.unprocessable(errors);
        }
        Pagination page = Pagination.of(pageNumber, pageSize);
        return page.page("metadata", state.findByMetadata(caller.clinicId(), type, id),
                SimulatorJson.MetadataHit::of);
    }
}
