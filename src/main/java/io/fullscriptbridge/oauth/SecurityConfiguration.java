package io.fullscriptbridge.oauth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The key that seals tokens at rest. From {@code bridge.security.token-key} (env BRIDGE_SECURITY_TOKEN_KEY, 32 bytes
 * base64). Only the local profile may do without: it then keeps a generated key in {@code <data-dir>/token.key}
 * (owner-only permissions) so tokens survive restarts. Any other profile refuses to start without one.
 * {@code bridge.security.token-old-keys} (env BRIDGE_SECURITY_TOKEN_OLD_KEYS, comma-separated) are earlier keys
 * kept for reading while the re-seal job moves their values to the current key (README, key rotation).
 */
@Configuration
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    TokenCipher tokenCipher(@Value("${bridge.security.token-key:}") String configuredKey,
                            @Value("${bridge.security.token-old-keys:}") String oldKeys,
                            @Value("${bridge.data-dir}") String dataDir, Environment environment) {
        List<byte[]> old = Arrays.stream(oldKeys.split(",")).map(String::strip).filter(k -> !k.isEmpty())
                .map(k -> Base64.getDecoder().decode(k)).toList();
        if (!configuredKey.isBlank()) {
            TokenCipher cipher = new TokenCipher(Base64.getDecoder().decode(configuredKey.strip()), old);
            log.info("token key kid={} old keys for reading={}", cipher.currentKeyId(), old.size());
            return cipher;
        }
        if (!environment.acceptsProfiles(Profiles.of("local"))) {
            throw new IllegalStateException("bridge.security.token-key (BRIDGE_SECURITY_TOKEN_KEY) is required outside the local profile: "
                    + "32 random bytes, base64 encoded (e.g. `openssl rand -base64 32`)");
        }
        return new TokenCipher(localKey(Path.of(dataDir, "token.key")), old);
    }

    private static byte[] localKey(Path file) {
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).strip());
            }
            Files.createDirectories(file.getParent());
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.writeString(file, Base64.getEncoder().encodeToString(key));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                log.warn("could not restrict permissions of {}", file);
            }
            log.info("generated a local token key in {} (local profile only)", file);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the local token key " + file, e);
        }
    }
}
