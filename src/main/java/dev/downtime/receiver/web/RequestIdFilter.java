package dev.downtime.receiver.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id, in the log context ({@value #MDC_KEY}) of whatever is logged while it
 * is served and in the {@value #HEADER} response header, so that a caller's report finds its log
 * lines. A caller's own {@code X-Request-Id} (a proxy's) is kept when it is short and plain; any
 * other is replaced, so that nothing a caller sends reaches a log line as it was sent.
 */
public final class RequestIdFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request.id";

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String sent = request.getHeader(HEADER);
        String id = sent != null && PLAIN.matcher(sent).matches()
                ? sent
                : UUID.randomUUID().toString();
        Map<String, String> outer = MDC.getCopyOfContextMap();
        MDC.put(MDC_KEY, id);
        response.setHeader(HEADER, id);
        try {
            chain.doFilter(request, response);
        } finally {
            // Whatever was added while serving (notification, incident ids) goes with it.
            if (outer != null) {
                MDC.setContextMap(outer);
            } else {
                MDC.clear();
            }
        }
    }

    /** Also for the error page Tomcat renders after the request failed, which logs too. */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }
}
