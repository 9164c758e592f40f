package dev.downtime.receiver.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets {@code /actuator/health} show its details (reasons, exception text, counts) to a caller with a
 * valid admin token, as the actuator's {@code show-details=when-authorized} expects: the request
 * gets the token's operator as its principal, in the token's role and those it includes. Anyone
 * else, a wrong token included, sees the status only, and is never refused: load balancers and the
 * container's healthcheck ask without a token.
 */
class HealthDetailsAccess extends OncePerRequestFilter {

    private static final String BEARER = "bearer ";

    private final AdminTokens tokens;

    HealthDetailsAccess(AdminTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Operator> operator = operator(request.getHeader(HttpHeaders.AUTHORIZATION));
        chain.doFilter(
                operator.<HttpServletRequest>map(found -> new Authorized(request, found))
                        .orElse(request),
                response);
    }

    private Optional<Operator> operator(@Nullable String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        try {
            return tokens.authenticate(header.substring(BEARER.length()).strip());
        } catch (DataAccessException issuedTokensNotLoaded) {
            return Optional.empty(); // configured tokens still worked; the status is still shown
        }
    }

    private static final class Authorized extends HttpServletRequestWrapper {

        private final Operator operator;

        Authorized(HttpServletRequest request, Operator operator) {
            super(request);
            this.operator = operator;
        }

        @Override
        public Principal getUserPrincipal() {
            return operator::name;
        }

        @Override
        public String getRemoteUser() {
            return operator.name();
        }

        @Override
        public boolean isUserInRole(String role) {
            try {
                return operator.role().includes(Role.fromWireName(role));
            } catch (IllegalArgumentException unknownRole) {
                return false;
            }
        }
    }
}
