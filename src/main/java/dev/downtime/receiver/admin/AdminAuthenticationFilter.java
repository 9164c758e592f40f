package dev.downtime.receiver.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/** Lets a request into the admin API only with a known {@code Authorization: Bearer} token. */
class AdminAuthenticationFilter extends OncePerRequestFilter {

    static final String OPERATOR_ATTRIBUTE = Operator.class.getName();

    private static final String BEARER = "bearer ";

    private final AdminTokens tokens;
    private final JsonMapper json;

    AdminAuthenticationFilter(AdminTokens tokens, JsonMapper json) {
        this.tokens = tokens;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        Optional<String> operator = Optional.empty();
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            operator = tokens.authenticate(header.substring(BEARER.length()).strip());
        }
        if (operator.isEmpty()) {
            unauthorized(request, response, header == null);
            return;
        }
        request.setAttribute(OPERATOR_ATTRIBUTE, new Operator(operator.get()));
        chain.doFilter(request, response);
    }

    private void unauthorized(HttpServletRequest request, HttpServletResponse response, boolean missing)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", "Unauthorized");
        problem.put("status", HttpServletResponse.SC_UNAUTHORIZED);
        problem.put(
                "detail",
                missing
                        ? "The admin API requires an 'Authorization: Bearer <token>' header."
                        : "The bearer token is not valid.");
        problem.put("instance", request.getRequestURI());
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"downtime-receiver\"");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
