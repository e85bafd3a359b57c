package io.fullscriptbridge.ops;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * {@code /api/admin/**} and every actuator endpoint but health need HTTP Basic credentials from the environment
 * (BRIDGE_ADMIN_USERNAME, BRIDGE_ADMIN_PASSWORD); only the local profile has defaults. Anonymous callers get
 * {@code /actuator/health} with the status only (details need the admin, see application.yml).
 * <p>
 * Admin calls that change something (POST, PUT, PATCH, DELETE) also need the header {@code X-Bridge-Admin: 1}.
 * A browser keeps Basic credentials and sends them with a cross-site form post, but it cannot add a custom header
 * cross-site without a CORS preflight, which this application never grants: the header is the CSRF defence of a
 * stateless API (no sessions, so no CSRF tokens to carry). Everything else is open at this layer and guards itself:
 * OAuth and user links by their HMAC signature and nonce, webhooks by Fullscript's signature.
 * <p>
 * The ops console ({@code /}, static files) is an empty shell that asks for the admin's credentials and reads
 * everything from {@code /api/admin/**} (D52); {@code /v3/api-docs} and the Swagger UI are admin only (D55).
 */
@Configuration
public class AdminSecurityConfiguration {

    /**
     * The console's Content-Security-Policy (D66): only this origin's own script, style and fetch; no inline script
     * or style, no plugins, no base or form target elsewhere, never framed. Also on every admin, actuator and
     * OpenAPI answer (JSON never needs more).
     */
    public static final String CONSOLE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'";
    /** Swagger UI (admin only, D55) sets inline styles and data: images; it still runs only this origin's scripts. */
    public static final String SWAGGER_UI_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'";

    /** Must be present (value {@code 1}) on state-changing admin calls. */
    public static final String ADMIN_HEADER = "X-Bridge-Admin";

    @Bean
    SecurityFilterChain bridgeSecurity(HttpSecurity http) throws Exception {
        AuthorizationManager<RequestAuthorizationContext> admin = AuthorityAuthorizationManager.hasRole("ADMIN");
        AuthorizationManager<RequestAuthorizationContext> adminWrite = AuthorizationManagers.allOf(admin, adminHeader());
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).access(admin)
                        // the OpenAPI description and its UI list every admin call: admin only, in every profile (D55)
                        .requestMatchers("/v3/api-docs*", "/v3/api-docs/**", "/v3/api-docs*/**", "/swagger-ui.html", "/swagger-ui/**").access(admin)
                        .requestMatchers(HttpMethod.GET, "/api/admin/**").access(admin)
                        .requestMatchers(HttpMethod.HEAD, "/api/admin/**").access(admin)
                        .requestMatchers("/api/admin/**").access(adminWrite)
                        .anyRequest().permitAll())
                .httpBasic(Customizer.withDefaults())
                // on every answer: nosniff, never framed, no Referer (a connect or launch link's query must not leak);
                // the CSP only where the console and the admin API answer: other pages (OAuth, launch, simulator) are
                // not the console's and keep their own (D66)
                .headers(headers -> headers
                        .contentTypeOptions(Customizer.withDefaults())
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(swaggerUi(), new StaticHeadersWriter(
                                "Content-Security-Policy", SWAGGER_UI_POLICY)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(consoleAndAdmin(), new StaticHeadersWriter(
                                "Content-Security-Policy", CONSOLE_POLICY))))
                .build();
    }

    private static RequestMatcher swaggerUi() {
        return new OrRequestMatcher(path("/swagger-ui.html"), path("/swagger-ui/**"));
    }

    /** The console's files and every admin, actuator and OpenAPI answer. */
    private static RequestMatcher consoleAndAdmin() {
        return new OrRequestMatcher(path("/"), path("/index.html"), path("/console.js"), path("/console.css"), path("/favicon.ico"),
                path("/api/admin/**"), path("/actuator/**"), path("/v3/api-docs"), path("/v3/api-docs/**"), path("/v3/api-docs.yaml"));
    }

    private static RequestMatcher path(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(pattern);
    }

    private static AuthorizationManager<RequestAuthorizationContext> adminHeader() {
        return (authentication, context) -> new AuthorizationDecision("1".equals(context.getRequest().getHeader(ADMIN_HEADER)));
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
