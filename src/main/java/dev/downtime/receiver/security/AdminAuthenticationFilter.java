package dev.downtime.receiver.security;

import dev.downtime.receiver.web.RequestBodyLimit;
import dev.downtime.receiver.web.SizeLimitedRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guards the admin API: adds its security headers, lets a request in only with a known {@code
 * Authorization: Bearer} token, throttles addresses that keep presenting unknown tokens, and refuses
 * bodies over the size limit. Which role a request needs is decided later, on the handler that
 * serves it ({@link RoleInterceptor}).
 */
class AdminAuthenticationFilter extends OncePerRequestFilter {

    static final String OPERATOR_ATTRIBUTE = Operator.class.getName();

    private static final Logger log = LoggerFactory.getLogger(AdminAuthenticationFilter.class);
    private static final String BEARER = "bearer ";

    private final AdminTokens tokens;
    private final JsonMapper json;
    private final long maxBodySize;
    private final List<RequestBodyLimit> bodyLimits;
    private final boolean cors;
    private final FailedAuthLimiter limiter;
    private final ClientAddressResolver addresses;

    AdminAuthenticationFilter(
            AdminTokens tokens,
            JsonMapper json,
            long maxBodySize,
            List<RequestBodyLimit> bodyLimits,
            boolean cors,
            FailedAuthLimiter limiter,
            ClientAddressResolver addresses) {
        this.tokens = tokens;
        this.json = json;
        this.maxBodySize = maxBodySize;
        this.bodyLimits = List.copyOf(bodyLimits);
        this.cors = cors;
        this.limiter = limiter;
        this.addresses = addresses;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        securityHeaders(response);
        if (cors && CorsUtils.isPreFlightRequest(request)) {
            // Browsers send no credentials with a preflight; Spring answers it from the CORS rules.
            chain.doFilter(request, response);
            return;
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        @Nullable
        String presented = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? header.substring(BEARER.length()).strip()
                : null;
        // Every token is checked in memory first, configured and issued alike, so that a valid one
        // is never throttled because others failed from the same address (a shared NAT, a proxy).
        Optional<Operator> operator;
        try {
            operator = presented != null ? tokens.authenticate(presented) : Optional.empty();
        } catch (DataAccessException e) {
            // Only while the issued tokens were never loaded (PostgreSQL down since start-up).
            log.warn("Could not read stored admin tokens: {}", e.toString());
            problem(
                    request,
                    response,
                    503,
                    "Database unavailable",
                    "Tokens created through the API cannot be checked while the database is unavailable;"
                            + " configured tokens still work.");
            return;
        }
        if (operator.isEmpty()) {
            String client = addresses.clientAddress(request);
            if (limiter.blocked(client)) {
                response.setHeader(HttpHeaders.RETRY_AFTER, "60");
                problem(
                        request,
                        response,
                        429,
                        "Too Many Requests",
                        "Too many requests with an invalid token from this address; try again later.");
                return;
            }
            limiter.failed(client);
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"downtime-receiver\"");
            problem(
                    request,
                    response,
                    401,
                    "Unauthorized",
                    header == null
                            ? "The admin API requires an 'Authorization: Bearer <token>' header."
                            : "The bearer token is not valid.");
            return;
        }
        long limit = bodyLimit(request);
        if (request.getContentLengthLong() > limit) {
            tooLarge(request, response, limit);
            return;
        }
        request.setAttribute(OPERATOR_ATTRIBUTE, operator.get());
        // A body without Content-Length (chunked) is counted as it is read; ApiExceptionHandler
        // answers 413 when it runs over.
        chain.doFilter(new SizeLimitedRequest(request, limit), response);
    }

    /** The limit of the endpoint's own, for the few that take large bodies; else the admin API's. */
    private long bodyLimit(HttpServletRequest request) {
        for (RequestBodyLimit own : bodyLimits) {
            if (own.appliesTo(request)) {
                return own.limit().toBytes();
            }
        }
        return maxBodySize;
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response, long limit) throws IOException {
        problem(request, response, 413, "Content Too Large", "Request bodies are limited to " + limit + " bytes.");
    }

    /** The admin API serves JSON to programs: nothing may be cached, framed, sniffed or run. */
    private static void securityHeaders(HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    private void problem(
            HttpServletRequest request, HttpServletResponse response, int status, String title, String detail)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
