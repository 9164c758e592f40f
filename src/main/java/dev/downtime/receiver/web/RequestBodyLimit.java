package dev.downtime.receiver.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.server.PathContainer;
import org.springframework.util.unit.DataSize;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * A body limit of its own for one admin endpoint that takes large bodies (an inventory upload, a
 * bulk change), declared as a bean by the module that serves it; every other admin request keeps
 * {@code receiver.admin.max-body-size}. A path spelled so that it does not match gets the small
 * limit, never a larger one.
 *
 * @param method the HTTP method, such as {@code PUT}
 * @param path a path pattern under the application's context, such as {@code /api/v1/sites}
 */
public record RequestBodyLimit(String method, String path, DataSize limit) {

    public boolean appliesTo(HttpServletRequest request) {
        if (!method.equalsIgnoreCase(request.getMethod())) {
            return false;
        }
        PathPattern pattern = PathPatternParser.defaultInstance.parse(path);
        String uri = request.getRequestURI().substring(request.getContextPath().length());
        return pattern.matches(PathContainer.parsePath(uri));
    }
}
