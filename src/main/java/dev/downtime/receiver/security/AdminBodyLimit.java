package dev.downtime.receiver.security;

import dev.downtime.receiver.web.SizeLimitedRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses admin request bodies over {@code receiver.admin.max-body-size}: at once (413) when the
 * Content-Length says so, else while a chunked body is read ({@code ApiExceptionHandler} answers 413
 * when it runs over). Runs after authorization, so nothing of an unauthenticated body is read.
 */
final class AdminBodyLimit extends OncePerRequestFilter {

    private final long maxBodySize;
    private final ApiProblems problems;

    AdminBodyLimit(long maxBodySize, ApiProblems problems) {
        this.maxBodySize = maxBodySize;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBodySize) {
            problems.tooLarge(request, response, maxBodySize);
            return;
        }
        chain.doFilter(new SizeLimitedRequest(request, maxBodySize), response);
    }
}
