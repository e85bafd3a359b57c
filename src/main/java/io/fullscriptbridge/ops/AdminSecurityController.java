package io.fullscriptbridge.ops;

import java.util.Map;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Key rotation on demand: re-seal every sealed value under the current token key (README, key rotation). */
@RestController
@RequestMapping("/api/admin/security")
public class AdminSecurityController {

    private final TokenResealer resealer;
    private final io.fullscriptbridge.oauth.TokenCipher cipher;

    public AdminSecurityController(TokenResealer resealer, io.fullscriptbridge.oauth.TokenCipher cipher) {
        this.resealer = resealer;
        this.cipher = cipher;
    }

    /** @return the current key id and, per sealed column, how many values moved and how many no configured key opens */
    @PostMapping("/reseal")
    public Map<String, Object> reseal() {
        return Map.of("kid", cipher.currentKeyId(), "columns", resealer.resealAll());
    }
}
