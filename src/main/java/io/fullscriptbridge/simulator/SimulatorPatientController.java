package io.fullscriptbridge.simulator;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Simulated {@code /api/clinic/patients} and {@code /api/clinic/search/patients}. A token sees only its clinic. */
@RestController
@ConditionalOnSimulatorEnabled
@RequestMapping(SimulatorApiFilter.BASE_PATH + "/api/clinic")
public class SimulatorPatientController {

    private final SimulatorState state;

    public SimulatorPatientController(SimulatorState state) {
        this.state = state;
    }

    @GetMapping("/patients")
    public Map<String, Object> list(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                    @RequestParam(name = "patient_type", required = false) String patientType,
                                    @RequestParam(name = "page[number]", required = false) String pageNumber,
                                    @RequestParam(name = "page[size]", required = false) String pageSize) {
        SimulatorState.PatientType type = patientType(patientType, SimulatorState.PatientType.ALL);
        Pagination page = Pagination.of(pageNumber, pageSize);
        return page.page("patients", state.patients(caller.clinicId(), type), SimulatorJson.Patient::of);
    }

    @PostMapping("/patients")
    public ResponseEntity<Map<String, Object>> create(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                                      @RequestBody(required = false) JsonNode body) {
        PatientChanges changes = PatientChanges.of(RequestBodies.attributes(body, "patient"));
        SimPatient patient = state.createPatient(caller.clinicId(), changes);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("patient", SimulatorJson.Patient.of(patient)));
    }

    @GetMapping("/patients/{id}")
    public Map<String, Object> retrieve(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                        @PathVariable("id") String id) {
        SimPatient patient = state.patient(caller.clinicId(), id).orElseThrow(SimulatorApiException::notFound);
        return Map.of("patient", SimulatorJson.Patient.of(patient));
    }

    @PatchMapping("/patients/{id}")
    public Map<String, Object> update(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                      @PathVariable("id") String id,
                                      @RequestBody(required = false) JsonNode body) {
        PatientChanges changes = PatientChanges.of(RequestBodies.attributes(body, "patient"));
        SimPatient patient = state.updatePatient(caller.clinicId(), id, changes);
        return Map.of("patient", SimulatorJson.Patient.of(patient));
    }

    /**
     * "If [patient_type is] not provided, patients with no dependents will be returned" (Fullscript reference):
     * without {@code patient_type} guardians are left out; {@code all} returns everyone.
     */
    @GetMapping("/search/patients")
    public Map<String, Object> search(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                      @RequestParam(name = "query", required = false) String query,
                                      @RequestParam(name = "patient_type", required = false) String patientType,
                                      @RequestParam(name = "page[number]", required = false) String pageNumber,
                                      @RequestParam(name = "page[size]", required = false) String pageSize) {
        SimulatorState.PatientType type = patientType(patientType, SimulatorState.PatientType.WITHOUT_DEPENDENTS);
        Pagination page = Pagination.of(pageNumber, pageSize);
        return page.page("patients", state.searchPatients(caller.clinicId(), query, type), SimulatorJson.Patient::of);
    }

    private static SimulatorState.PatientType patientType(String value, SimulatorState.PatientType absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        return SimulatorState.PatientType.parse(value.trim()).orElseThrow(() ->
                SimulatorApiException.unprocessable(List.of("Patient type is not included in the list")));
    }
}
