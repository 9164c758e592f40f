package dev.downtime.receiver.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
 * Authorization: Bearer} token whose role allows it, and refuses bodies over the size limit.
 */
class AdminAuthenticationFilter extends OncePerRequestFilter {

    static final String OPERATOR_ATTRIBUTE = Operator.class.getName();

    private static final Logger log = LoggerFactory.getLogger(AdminAuthenticationFilter.class);
    private static final String BEARER = "bearer ";

    private final AdminTokens tokens;
    private final JsonMapper json;
    private final long maxBodySize;
    private final boolean cors;

    AdminAuthenticationFilter(AdminTokens tokens, JsonMapper json, long maxBodySize, boolean cors) {
        this.tokens = tokens;
        this.json = json;
        this.maxBodySize = maxBodySize;
        this.cors = cors;
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
        Optional<Operator> operator;
        try {
            operator = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                    ? tokens.authenticate(header.substring(BEARER.length()).strip())
                    : Optional.empty();
        } catch (DataAccessException e) {
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
        Role required = requiredRole(request);
        if (!operator.get().role().includes(required)) {
            problem(
                    request,
                    response,
                    403,
                    "Forbidden",
                    "This needs the '" + required.wireName() + "' role; your token has '"
                            + operator.get().role().wireName() + "'.");
            return;
        }
        if (request.getContentLengthLong() > maxBodySize) {
            problem(
                    request,
                    response,
                    413,
                    "Content Too Large",
                    "Request bodies are limited to " + maxBodySize + " bytes.");
            return;
        }
        request.setAttribute(OPERATOR_ATTRIBUTE, operator.get());
        chain.doFilter(request, response);
    }

    /** Reading needs viewer; changing windows needs editor; tokens and the audit log need admin. */
    static Role requiredRole(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (path.startsWith("/api/v1/tokens") || path.startsWith("/api/v1/audit")) {
            return Role.ADMIN;
        }
        String method = request.getMethod();
        return method.equals("GET") || method.equals("HEAD") ? Role.VIEWER : Role.EDITOR;
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
