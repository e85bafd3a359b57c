package io.fullscriptbridge.ops;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * {@code /api/admin/**} needs HTTP Basic credentials from the environment (BRIDGE_ADMIN_USERNAME,
 * BRIDGE_ADMIN_PASSWORD); only the local profile has defaults. Everything else is open at this layer and guards
 * itself: OAuth and user links by their HMAC signature, webhooks by Fullscript's signature. Stateless: no
 * sessions, so no CSRF tokens to carry.
 */
@Configuration
public class AdminSecurityConfiguration {

    @Bean
    SecurityFilterChain bridgeSecurity(HttpSecurity http) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/api/admin/**").hasRole("ADMIN")
                        .anyRequest().permitAll())
                .httpBasic(Customizer.withDefaults())
                .build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService adminUsers(@Value("${bridge.admin.username:}") String username,
                                  @Value("${bridge.admin.password:}") String password,
                                  PasswordEncoder encoder, Environment environment) {
        if (username.isBlank() || password.isBlank()) {
            throw new IllegalStateException("BRIDGE_ADMIN_USERNAME and BRIDGE_ADMIN_PASSWORD are required"
                    + (environment.acceptsProfiles(Profiles.of("local")) ? "" : " outside the local profile"));
        }
        return new InMemoryUserDetailsManager(User.withUsername(username).password(encoder.encode(password)).roles("ADMIN").build());
    }
}
