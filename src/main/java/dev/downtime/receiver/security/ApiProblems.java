package dev.downtime.receiver.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the API's security chains refuse a request, always as an RFC 9457 problem and never with a
 * redirect: 401 without a valid token (429 once the address has used up its failures), 503 when
 * issued tokens cannot be checked, 403 when the token lacks the role, 413 past the body limit.
 */
final class ApiProblems implements AuthenticationEntryPoint, AuthenticationFailureHandler, AccessDeniedHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    private final JsonMapper json;
    private final AdminAuthThrottle throttle;

    ApiProblems(JsonMapper json, AdminAuthThrottle throttle) {
        this.json = json;
        this.throttle = throttle;
    }

    /** No valid token (none, or not a bearer one): every such request spends the address's allowance. */
    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (throttle.blocked(request)) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "60");
            write(
                    request,
                    response,
                    429,
                    "Too Many Requests",
                    "Too many requests with an invalid token from this address; try again later.");
            return;
        }
        throttle.failed(request);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"downtime-receiver\"");
        write(
                request,
                response,
                401,
                "Unauthorized",
                request.getHeader(HttpHeaders.AUTHORIZATION) == null
                        ? "The admin API requires an 'Authorization: Bearer <token>' header."
                        : "The bearer token is not valid.");
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        if (e instanceof AuthenticationServiceException) {
            // Only while the issued tokens were never loaded (PostgreSQL down since start-up).
            log.warn("Could not read stored admin tokens: {}", String.valueOf(e.getCause()));
            write(request, response, 503, "Database unavailable", String.valueOf(e.getMessage()));
            return;
        }
        commence(request, response, e);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(request, response, 403, "Forbidden", AccessDeniedAdvice.detail(e, null, null));
    }

    void tooLarge(HttpServletRequest request, HttpServletResponse response, long limit) throws IOException {
        write(request, response, 413, "Content Too Large", "Request bodies are limited to " + limit + " bytes.");
    }

    private void write(
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
