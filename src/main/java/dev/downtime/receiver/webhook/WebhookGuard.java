package dev.downtime.receiver.webhook;

import dev.downtime.receiver.net.AddressBlock;
import dev.downtime.receiver.security.FailedAuthLimiter;
import dev.downtime.receiver.webhook.WebhookProperties.AllowlistMode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Stands in front of everything under {@code /webhooks/}: enforces the address allowlist and the
 * path token, answers every refusal alike (404, {@code not found}) without recording anything, and
 * throttles addresses that keep failing (429). A request that passes is never throttled. An
 * accepted request goes on with its path masked to {@code /webhooks/monitor}, so that the token
 * reaches no log, metric tag or error page, and with the client address resolved through trusted
 * proxies.
 */
class WebhookGuard extends OncePerRequestFilter {

    static final String REFUSED_BODY = "not found";

    private static final Logger log = LoggerFactory.getLogger(WebhookGuard.class);

    private final WebhookTokens tokens;
    private final List<AddressBlock> allowed;
    private final AllowlistMode mode;
    private final ClientAddresses addresses;
    private final FailedAuthLimiter limiter;
    private final Counter refusedToken;
    private final Counter refusedAddress;
    private final Counter throttled;

    WebhookGuard(WebhookProperties properties, MeterRegistry meters) {
        this.tokens = new WebhookTokens(properties.tokens());
        this.allowed =
                properties.allowedAddresses().stream().map(AddressBlock::parse).toList();
        this.mode = properties.allowlistMode();
        this.addresses = new ClientAddresses(
                properties.trustedProxies().stream().map(AddressBlock::parse).toList());
        this.limiter = new FailedAuthLimiter(properties.failedAuthBurst(), properties.failedAuthRefill());
        this.refusedToken = refusedCounter(meters, "token");
        this.refusedAddress = refusedCounter(meters, "address");
        this.throttled = refusedCounter(meters, "throttled");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String client = addresses.of(request);
        boolean listed = allowed.isEmpty() || allowed.stream().anyMatch(range -> range.contains(client));
        boolean addressAccepted = listed || mode == AllowlistMode.LOG_ONLY;
        // The token first (constant time, in memory): Monitor must get through even from an
        // address whose forgeries have used up its allowance, e.g. behind a shared NAT.
        boolean tokenAccepted = authenticated(request);
        if (addressAccepted && tokenAccepted) {
            if (!listed) {
                log.warn("Webhook call from {}, outside receiver.webhook.allowed-addresses (log-only mode)", client);
            }
            chain.doFilter(new MaskedRequest(request, client), response);
            return;
        }
        if (limiter.blocked(client)) {
            throttled.increment();
            response.setStatus(429);
            response.setHeader(HttpHeaders.RETRY_AFTER, "60");
            response.setHeader(HttpHeaders.CONNECTION, "close");
            write(response, "too many failed requests");
            return;
        }
        refuse(response, client, addressAccepted ? refusedToken : refusedAddress);
    }

    private boolean authenticated(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String raw = request.getRequestURI().substring(request.getContextPath().length());
        if (!raw.equals(path)) {
            // Only the canonical spelling: the container also routes /webhooks//monitor/x,
            // /webhooks/%6Donitor/x or /webhooks/monitor;p/x here, which logs would show as sent.
            return false;
        }
        String base = MonitorWebhookController.PATH;
        if (!tokens.required()) {
            return path.equals(base);
        }
        return path.startsWith(base + "/") && tokens.matches(path.substring(base.length() + 1));
    }

    private void refuse(HttpServletResponse response, String client, Counter reason) throws IOException {
        limiter.failed(client);
        reason.increment();
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        write(response, REFUSED_BODY);
    }

    private static void write(HttpServletResponse response, String body) throws IOException {
        response.setContentType(MediaType.TEXT_PLAIN_VALUE);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static Counter refusedCounter(MeterRegistry meters, String reason) {
        return Counter.builder("receiver.webhook.refused")
                .description("Webhook requests refused before reaching the endpoint: bad token, address, throttled")
                .tag("reason", reason)
                .register(meters);
    }

    /** The accepted request as the rest of the service sees it: no token in its path, the real client. */
    private static final class MaskedRequest extends HttpServletRequestWrapper {

        private final String client;

        MaskedRequest(HttpServletRequest request, String client) {
            super(request);
            this.client = client;
        }

        @Override
        public String getRequestURI() {
            return getContextPath() + MonitorWebhookController.PATH;
        }

        @Override
        public StringBuffer getRequestURL() {
            StringBuffer url = new StringBuffer()
                    .append(getScheme())
                    .append("://")
                    .append(getServerName())
                    .append(':')
                    .append(getServerPort());
            return url.append(getRequestURI());
        }

        @Override
        public String getServletPath() {
            return MonitorWebhookController.PATH;
        }

        @Override
        public @Nullable String getPathInfo() {
            return null;
        }

        @Override
        public String getRemoteAddr() {
            return client;
        }
    }
}
