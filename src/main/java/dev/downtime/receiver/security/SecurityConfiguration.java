package dev.downtime.receiver.security;

import dev.downtime.receiver.web.RequestBodyLimit;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.Advisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.annotation.AnnotationTemplateExpressionDefaults;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The security filter chains of the API side: actuator, webhook, API documentation, admin API, and
 * a last chain for what no other claims. Authentication is by bearer token ({@link
 * TokenAuthenticationProvider}); roles are checked on the handler by method security ({@link
 * RequiresRole}, {@link DeclaredAccess}). API clients are never redirected: every refusal is a
 * problem body ({@link ApiProblems}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableMethodSecurity(jsr250Enabled = true)
class SecurityConfiguration {

    private static final String BEARER = "bearer ";

    /** Lets {@link RequiresRole} fill its role into its {@code @PreAuthorize} expression. */
    @Bean
    static AnnotationTemplateExpressionDefaults securityAnnotationTemplates() {
        return new AnnotationTemplateExpressionDefaults();
    }

    @Bean
    @org.springframework.context.annotation.Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static Advisor declaredAccess() {
        return DeclaredAccess.interceptor();
    }

    /**
     * Spring Security's firewall, but letting every HTTP method through to Spring MVC, which answers
     * those a handler does not take with 405 (the webhook's plain-text contract): no rule here
     * depends on the method. A double slash is let through too: a site is named by its URL in the
     * path ({@code /api/v1/sites/https://a.example/}); every chain matches paths with patterns that
     * treat an empty segment as a segment, and handlers declare their roles whatever chain served
     * them (deny by default), so a doubled slash opens nothing.
     */
    @Bean
    StrictHttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setUnsafeAllowAnyHttpMethod(true);
        firewall.setAllowUrlEncodedDoubleSlash(true);
        return firewall;
    }

    @Bean
    AdminAuthThrottle adminAuthThrottle(AdminProperties properties, ObjectProvider<ClientAddressResolver> addresses) {
        return new AdminAuthThrottle(
                new FailedAuthLimiter(properties.failedAuthBurst(), properties.failedAuthRefill()),
                addresses.getIfAvailable(() -> ServletRequest::getRemoteAddr));
    }

    @Bean
    ApiProblems apiProblems(JsonMapper json, AdminAuthThrottle throttle) {
        return new ApiProblems(json, throttle);
    }

    /**
     * Health tells anyone its status; a valid token (any role) also sees its details, and a wrong
     * one is not refused: it sees the status, as anyone. The other endpoints are not exposed.
     */
    @Bean
    @Order(FilterChainOrder.ACTUATOR)
    SecurityFilterChain actuatorSecurity(HttpSecurity http, TokenAuthenticationProvider tokens) {
        // A wrong token, or issued tokens that cannot be read, is no authentication: the status only.
        AuthenticationConverter validOnly = request -> {
            BearerToken presented = BearerConverter.INSTANCE.convert(request);
            try {
                return presented != null ? tokens.authenticate(presented) : null;
            } catch (AuthenticationException wrongTokenOrDatabaseDown) {
                return null;
            }
        };
        AuthenticationManager alreadyChecked = authenticated -> authenticated;
        var bearer = new AuthenticationFilter(alreadyChecked, validOnly);
        bearer.setSuccessHandler((request, response, authentication) -> {});
        stateless(http)
                .securityMatcher(EndpointRequest.toAnyEndpoint())
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .addFilterBefore(bearer, AnonymousAuthenticationFilter.class);
        return http.build();
    }

    /**
     * Monitor's webhook: no authentication, no session, no CSRF; its own guard ({@code
     * WebhookGuard}, before every other filter) checks its path token and addresses. The bench
     * profile's baseline endpoint alike.
     */
    @Bean
    @Order(FilterChainOrder.WEBHOOK)
    SecurityFilterChain webhookSecurity(HttpSecurity http) {
        stateless(http)
                .securityMatcher("/webhooks/**", "/bench/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
        return http.build();
    }

    /**
     * The OpenAPI document and Swagger UI: a viewer token, or the security context of a console
     * session, read only. Never a redirect: a stranger gets 401.
     */
    @Bean
    @Order(FilterChainOrder.API_DOCS)
    SecurityFilterChain apiDocsSecurity(HttpSecurity http, TokenAuthenticationProvider tokens, ApiProblems problems) {
        http.securityMatcher(
                        "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui/**", "/swagger-ui.html")
                .authorizeHttpRequests(requests -> requests.anyRequest().hasRole(Role.VIEWER.name()))
                .securityContext(context -> context.securityContextRepository(new ConsoleSessionContext()))
                .sessionManagement(AbstractHttpConfigurer::disable)
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                // Swagger UI is a page: its own scripts, styles and images, nothing from elsewhere.
                .headers(headers -> headers.frameOptions(frame -> frame.deny())
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; img-src 'self' data:;"
                                + " style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
                .addFilterBefore(strictBearer(tokens, problems), AnonymousAuthenticationFilter.class);
        return http.build();
    }

    /**
     * The admin API: a bearer token on every request, no session; which role is decided on the
     * handler. Security headers for JSON served to programs: nothing cached, framed, sniffed or run.
     */
    @Bean
    @Order(FilterChainOrder.API)
    SecurityFilterChain apiSecurity(
            HttpSecurity http,
            TokenAuthenticationProvider tokens,
            ApiProblems problems,
            AdminProperties properties,
            ObjectProvider<RequestBodyLimit> ownBodyLimits) {
        stateless(http)
                .securityMatcher("/api/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .headers(headers -> headers.frameOptions(frame -> frame.deny())
                        .contentSecurityPolicy(
                                csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .cacheControl(cache -> cache.disable())
                        .addHeaderWriter(new StaticHeadersWriter(HttpHeaders.CACHE_CONTROL, "no-store")))
                .addFilterBefore(strictBearer(tokens, problems), AnonymousAuthenticationFilter.class)
                .addFilterAfter(
                        new AdminBodyLimit(
                                properties.maxBodySize().toBytes(),
                                ownBodyLimits.orderedStream().toList(),
                                problems),
                        AuthorizationFilter.class);
        if (!properties.corsAllowedOrigins().isEmpty()) {
            // Browsers send no credentials with a preflight: it is answered before authentication.
            http.cors(cors -> cors.configurationSource(cors(properties.corsAllowedOrigins())));
        }
        return http.build();
    }

    /**
     * What no other chain claims: unknown paths (404), the error page, static resources. No handler
     * of ours is served here without declaring its access ({@link DeclaredAccess}).
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    SecurityFilterChain defaultSecurity(HttpSecurity http) {
        http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.ignoringRequestMatchers("/error"))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable);
        return http.build();
    }

    private static HttpSecurity stateless(HttpSecurity http) {
        return http.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable);
    }

    /** A bearer token, if sent, must be valid: else 401 (or 429, 503) at once. */
    private static AuthenticationFilter strictBearer(TokenAuthenticationProvider tokens, ApiProblems problems) {
        var bearer = new AuthenticationFilter(tokens::authenticate, BearerConverter.INSTANCE);
        bearer.setSuccessHandler((request, response, authentication) -> {});
        bearer.setFailureHandler(problems);
        return bearer;
    }

    private static UrlBasedCorsConfigurationSource cors(List<String> origins) {
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(origins);
        configuration.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE"));
        configuration.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", configuration);
        return source;
    }

    /** {@code Authorization: Bearer <token>}, the scheme in any case; no header, or another scheme: none. */
    enum BearerConverter implements AuthenticationConverter {
        INSTANCE;

        @Override
        public @Nullable BearerToken convert(HttpServletRequest request) {
            String header = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                return null;
            }
            return new BearerToken(header.substring(BEARER.length()).strip());
        }
    }
}
