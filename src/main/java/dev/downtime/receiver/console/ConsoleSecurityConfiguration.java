package dev.downtime.receiver.console;

import dev.downtime.receiver.security.Operator;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.security.TokenSignIn;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The console's own filter chain, ahead of the admin API's: a session opened by signing in with an
 * admin token, CSRF on every form, and a redirect to the sign-in page (never a bare 401) for pages.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

    static final String SIGN_IN = "/console/sign-in";

    @Bean
    @Order(1)
    SecurityFilterChain consoleSecurityFilterChain(HttpSecurity http, TokenSignIn tokens, ConsoleProperties properties)
            throws Exception {
        var success = new SavedRequestAwareAuthenticationSuccessHandler() {
            @Override
            public void onAuthenticationSuccess(
                    HttpServletRequest request, HttpServletResponse response, Authentication authentication)
                    throws ServletException, IOException {
                request.getSession()
                        .setMaxInactiveInterval((int) properties.idleTimeout().toSeconds());
                super.onAuthenticationSuccess(request, response, authentication);
            }
        };
        success.setDefaultTargetUrl("/console");
        AuthenticationFailureHandler failure =
                (request, response, exception) -> response.sendRedirect(request.getContextPath()
                        + SIGN_IN
                        + (exception instanceof AuthenticationServiceException ? "?unavailable" : "?error"));
        // Back to the page asked for once signed in, at its own address (no "?continue" added).
        var requestCache = new HttpSessionRequestCache();
        requestCache.setMatchingRequestParameterName(null);
        http.securityMatcher("/console", "/console/**")
                .requestCache(cache -> cache.requestCache(requestCache))
                .authenticationProvider(new TokenAuthenticationProvider(tokens))
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
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)))
                .addFilterAfter(new OperatorAttribute(), BasicAuthenticationFilter.class);
        return http.build();
    }

    /**
     * Spring Security's firewall judges every request, not only the console's: left strict, it
     * would answer a WebDAV method sent to the webhook with 400 before the webhook's own 405.
     */
    @Bean
    WebSecurityCustomizer anyMethodReachesItsHandler() {
        var firewall = new StrictHttpFirewall();
        firewall.setUnsafeAllowAnyHttpMethod(true);
        return web -> web.httpFirewall(firewall);
    }

    /** Each role includes the ones before it ({@link Role#includes}): granted as all of them. */
    static List<SimpleGrantedAuthority> authoritiesOf(Role role) {
        return Arrays.stream(Role.values())
                .filter(role::includes)
                .map(included -> new SimpleGrantedAuthority("ROLE_" + included.name()))
                .toList();
    }

    /** Checks the token typed into the sign-in form as the admin API checks a bearer token. */
    private record TokenAuthenticationProvider(TokenSignIn tokens) implements AuthenticationProvider {

        @Override
        public Authentication authenticate(Authentication authentication) {
            Object credentials = authentication.getCredentials();
            String token = credentials == null ? "" : credentials.toString().strip();
            Operator operator;
            try {
                operator = tokens.operatorOf(token)
                        .orElseThrow(() -> new BadCredentialsException("The token is not valid."));
            } catch (DataAccessException e) {
                throw new AuthenticationServiceException("Stored tokens cannot be read now.", e);
            }
            return UsernamePasswordAuthenticationToken.authenticated(operator, null, authoritiesOf(operator.role()));
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
        }
    }

    /**
     * Hands the signed-in operator to handlers as the admin API's authentication does, so that the
     * same role checks and the same {@link Operator} parameter serve console pages.
     */
    private static final class OperatorAttribute extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            // The sign-in page declares no role: it must stay reachable to everyone.
            if (authentication != null
                    && authentication.getPrincipal() instanceof Operator operator
                    && !request.getRequestURI().equals(request.getContextPath() + SIGN_IN)) {
                request.setAttribute(Operator.class.getName(), operator);
            }
            chain.doFilter(request, response);
        }
    }
}
