package dev.downtime.receiver.console;

import dev.downtime.receiver.security.AdminAuthThrottle;
import dev.downtime.receiver.security.BearerToken;
import dev.downtime.receiver.security.FilterChainOrder;
import dev.downtime.receiver.security.OperatorAuthentication;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.security.TokenAuthenticationProvider;
import dev.downtime.receiver.security.TokenDirectory;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;

/**
 * The console's own filter chain, ahead of the admin API's: a session opened by signing in with an
 * admin token (checked by the same {@link TokenAuthenticationProvider} as a bearer header, and
 * throttled by the same {@link AdminAuthThrottle}), CSRF on every form, and a redirect to the
 * sign-in page (never a bare 401) for pages. The session's security context is what the API
 * documentation's chain accepts too.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

    static final String SIGN_IN = "/console/sign-in";

    /** Where signing in with an identity provider starts: {@code /console/oauth2/authorization/{id}}. */
    static final String COMPANY_LOGIN = "/console/oauth2/authorization";

    @Bean
    @Order(FilterChainOrder.CONSOLE)
    SecurityFilterChain consoleSecurityFilterChain(
            HttpSecurity http,
            TokenAuthenticationProvider tokens,
            AdminAuthThrottle throttle,
            ConsoleProperties properties,
            ObjectProvider<ClientRegistrationRepository> companyLogins,
            List<TokenDirectory> issuedTokens)
            throws Exception {
        var revoked = new RevokedTokens(issuedTokens);
        var success = new SavedRequestAwareAuthenticationSuccessHandler() {
            @Override
            public void onAuthenticationSuccess(
                    HttpServletRequest request, HttpServletResponse response, Authentication authentication)
                    throws ServletException, IOException {
                request.getSession()
                        .setMaxInactiveInterval((int) properties.idleTimeout().toSeconds());
                // The token form's field; absent after the company login.
                String token = request.getParameter("token");
                if (token != null) {
                    revoked.signedIn(request, token.strip());
                }
                super.onAuthenticationSuccess(request, response, authentication);
            }
        };
        success.setDefaultTargetUrl("/console");
        success.setAlwaysUseDefaultTargetUrl(false);
        // As the admin API: the throttle is consulted only once a token has failed, so that a valid
        // one is never held back by someone else's failures from the same address.
        AuthenticationFailureHandler failure = (request, response, exception) -> {
            String outcome;
            if (exception instanceof AuthenticationServiceException) {
                outcome = "unavailable";
            } else if (throttle.blocked(request)) {
                outcome = "throttled";
            } else {
                throttle.failed(request);
                outcome = "error";
            }
            response.sendRedirect(request.getContextPath() + SIGN_IN + "?" + outcome);
        };
        // Back to the page asked for once signed in, at its own address (no "?continue" added).
        var requestCache = new HttpSessionRequestCache();
        noContinueParameter(requestCache);
        http.securityMatcher("/console", "/console/**")
                .requestCache(cache -> cache.requestCache(requestCache))
                .addFilterAfter(revoked, SecurityContextHolderFilter.class)
                .authenticationProvider(new SignInForm(tokens))
                // Paths are checked here too, besides each handler's role: a page that forgot its
                // role is still refused, and an anonymous visitor is sent to sign in, not refused.
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                SIGN_IN, "/console/denied", "/console/assets/**")
                        .permitAll()
                        .requestMatchers("/console/tokens", "/console/tokens/**", "/console/audit", "/console/audit/**")
                        .hasRole(Role.ADMIN.name())
                        .requestMatchers(HttpMethod.POST, "/console/windows", "/console/windows/**")
                        .hasRole(Role.EDITOR.name())
                        .anyRequest()
                        .hasRole(Role.VIEWER.name()))
                .formLogin(form -> form.loginPage(SIGN_IN)
                        .passwordParameter("token")
                        .successHandler(success)
                        .failureHandler(failure))
                .logout(logout -> logout.logoutUrl("/console/sign-out")
                        .logoutSuccessUrl(SIGN_IN + "?signed-out")
                        .deleteCookies("JSESSIONID"))
                .exceptionHandling(exceptions -> exceptions.accessDeniedPage("/console/denied"))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
        if (companyLogins.getIfAvailable() != null) {
            CompanyLogin login = new CompanyLogin(properties.oidc());
            var sessions = new HttpSessionSecurityContextRepository();
            // The session holds an operator, as after a token: the same roles, the same audit name,
            // and what the API documentation's chain accepts.
            AuthenticationSuccessHandler asOperator = (request, response, authentication) -> {
                var operator = new OperatorAuthentication(login.operatorOf(
                        (OidcUser) Objects.requireNonNull(authentication.getPrincipal(), "a signed-in person")));
                SecurityContext context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(operator);
                SecurityContextHolder.setContext(context);
                sessions.saveContext(context, request, response);
                success.onAuthenticationSuccess(request, response, operator);
            };
            http.oauth2Login(oidc -> oidc.loginPage(SIGN_IN)
                    // Under /console, so that this chain (and its session) serves them too.
                    .authorizationEndpoint(endpoint -> endpoint.baseUri(COMPANY_LOGIN))
                    .redirectionEndpoint(endpoint -> endpoint.baseUri("/console/oauth2/code/*"))
                    .userInfoEndpoint(userInfo -> userInfo.oidcUserService(login.userService()))
                    .successHandler(asOperator)
                    .failureHandler((request, response, exception) ->
                            response.sendRedirect(request.getContextPath() + SIGN_IN + "?refused")));
        }
        return http.build();
    }

    /** Spring Security documents null as "match without a parameter"; its signature does not say so. */
    @SuppressWarnings("NullAway")
    private static void noContinueParameter(HttpSessionRequestCache requestCache) {
        requestCache.setMatchingRequestParameterName(null);
    }

    /** The token typed into the sign-in form (its password field), checked as a bearer token is. */
    private record SignInForm(TokenAuthenticationProvider tokens) implements AuthenticationProvider {

        @Override
        public Authentication authenticate(Authentication form) {
            Object typed = form.getCredentials();
            return tokens.authenticate(
                    new BearerToken(typed == null ? "" : typed.toString().strip()));
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
        }
    }
}
