package io.fullscriptbridge.ehr;

import io.fullscriptbridge.common.InvalidMessageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.fullscriptbridge.config.TenantDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP way in, same contract as the queue (design §4): headers X-Bridge-Tenant, X-Bridge-Ehr-User-Id,
 * X-Bridge-Clinic-Id, X-Bridge-Message-Id, the tenant's X-Bridge-Api-Key. The body is read and checked before
 * the answer (400 with the reasons), then queued durably on ehr.inbound (202 with the message id) and processed
 * like any queued message.
 */
@RestController
public class HttpIngressController {

    private final TenantDirectory tenants;
    private final InboundMessageReader reader;
    private final EhrIngress ingress;
    private final MeterRegistry meters;
    private final int maxBodyBytes;

    public HttpIngressController(TenantDirectory tenants, InboundMessageReader reader, EhrIngress ingress, MeterRegistry meters,
                                 @Value("${bridge.inbound.max-body-bytes:1048576}") int maxBodyBytes) {
        this.tenants = tenants;
        this.reader = reader;
        this.ingress = ingress;
        this.meters = meters;
        this.maxBodyBytes = maxBodyBytes;
    }

    @PostMapping("/api/ehr/messages")
    public ResponseEntity<Map<String, Object>> receive(HttpServletRequest request,
                                                       @RequestHeader(name = "X-Bridge-Tenant", required = false) String tenantHeader,
                                                       @RequestHeader(name = "X-Bridge-Api-Key", required = false) String apiKey,
                                                       @RequestHeader(name = "X-Bridge-Ehr-User-Id", required = false) String ehrUserId,
                                                       @RequestHeader(name = "X-Bridge-Clinic-Id", required = false) String clinicId,
                                                       @RequestHeader(name = "X-Bridge-Message-Id", required = false) String messageId,
                                                       @RequestHeader(name = "Content-Type", required = false) String contentType) throws IOException {
        if (request.getContentLengthLong() > maxBodyBytes) {
            return answer(HttpStatus.PAYLOAD_TOO_LARGE, "too_large", Map.of("error", "the body is larger than " + maxBodyBytes + " bytes"));
        }
        Optional<String> authenticated = tenants.authenticate(tenantHeader, apiKey);
        if (authenticated.isEmpty()) {
            return unauthorized();
        }
        String tenant = authenticated.get();
        byte[] bytes = readAtMost(request.getInputStream(), maxBodyBytes + 1);
        if (bytes.length > maxBodyBytes) {
            return answer(HttpStatus.PAYLOAD_TOO_LARGE, "too_large", Map.of("error", "the body is larger than " + maxBodyBytes + " bytes"));
        }
        Charset charset = request.getCharacterEncoding() == null ? StandardCharsets.UTF_8 : Charset.forName(request.getCharacterEncoding());
        String body = new String(bytes, charset);
        InboundMessageReader.Read read;
        try {
            read = reader.read(body, new InboundMessageReader.Headers(tenant, tenant, ehrUserId, clinicId, messageId, contentType, null));
        } catch (InvalidMessageException e) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("errorCode", e.getErrorCode());
            error.put("errors", e.getErrors());
            return answer(HttpStatus.BAD_REQUEST, e.getErrorCode(), error);
        }
        InboundEnvelope envelope = read.envelope();
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("tenant", envelope.tenant());
        headers.put("ehrUserId", envelope.ehrUserId());
        headers.put("messageId", envelope.messageId());
        if (envelope.clinicId() != null) {
            headers.put("clinicId", envelope.clinicId());
        }
        if (contentType != null) {
            headers.put("contentType", contentType);
        }
        // straight onto the internal queue, as the bridge's own broker user: no broker marks (decision D24), so the
        // tenant header set here from the API key is the one the route trusts
        ingress.submit(body, headers);
        return answer(HttpStatus.ACCEPTED, "accepted", Map.of("messageId", envelope.messageId(), "format", envelope.format()));
    }

    private ResponseEntity<Map<String, Object>> unauthorized() {
        return answer(HttpStatus.UNAUTHORIZED, "unauthorized", Map.of("error", "a valid X-Bridge-Tenant and X-Bridge-Api-Key are required"));
    }

    private ResponseEntity<Map<String, Object>> answer(HttpStatus status, String outcome, Map<String, Object> body) {
        meters.counter("bridge.ingress.http", "outcome", outcome).increment();
        return ResponseEntity.status(status).body(body);
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        return in.readNBytes(limit);
    }
}
