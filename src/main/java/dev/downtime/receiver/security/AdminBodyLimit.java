package dev.downtime.receiver.security;

import dev.downtime.receiver.web.RequestBodyLimit;
import dev.downtime.receiver.web.SizeLimitedRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses admin request bodies over {@code receiver.admin.max-body-size}, or over the limit of their
 * own that a module declares for an endpoint taking large bodies ({@link RequestBodyLimit}): at once
 * (413) when the
 * Content-Length says so, else while a chunked body is read ({@code ApiExceptionHandler} answers 413
 * when it runs over). Runs after authorization, so nothing of an unauthenticated body is read.
 */
final class AdminBodyLimit extends OncePerRequestFilter {

    private final long maxBodySize;
    private final List<RequestBodyLimit> ownLimits;
    private final ApiProblems problems;

    AdminBodyLimit(long maxBodySize, List<RequestBodyLimit> ownLimits, ApiProblems problems) {
        this.maxBodySize = maxBodySize;
        this.ownLimits = List.copyOf(ownLimits);
        this.problems = problems;
    }

    private long limitOf(HttpServletRequest request) {
        for (RequestBodyLimit own : ownLimits) {
            if (own.appliesTo(request)) {
                return own.limit().toBytes();
            }
        }
        return maxBodySize;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limitOf(request);
        if (request.getContentLengthLong() > limit) {
            problems.tooLarge(request, response, limit);
            return;
        }
        chain.doFilter(new SizeLimitedRequest(request, limit), response);
    }
}
