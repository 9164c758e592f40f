package dev.downtime.receiver.webhook;

import dev.downtime.receiver.security.RefusedConfigurationException;
import java.io.ByteArrayOutputStream;
import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.catalina.valves.AccessLogValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Adds the access log of {@link AccessLogProperties}, with webhook tokens masked, when enabled.
 *
 * <p>Tomcat logs the request line as it came, and routes many spellings of a path to the same
 * place ({@code /webhooks//monitor/x}, {@code /webhooks/%6Donitor/x}, {@code /webhooks/monitor;p/x},
 * {@code /webhooks/./monitor/x}). So the path is masked by what it means, not how it is spelled:
 * whatever follows {@code /webhooks/} once decoded and normalized, and any configured token
 * wherever it appears, encoded or not.
 */
@Component
class MaskedAccessLog implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    static final String MASK = "****";

    /** The request line as {@code %r} writes it: method, target, protocol. */
    private static final Pattern REQUEST_LINE = Pattern.compile("\"([^ \"]*) ([^ \"]*)( [^\"]*)?\"");

    private static final String WEBHOOKS = "/webhooks";
    private static final String CANONICAL = MonitorWebhookController.PATH + "/";

    private final AccessLogProperties properties;
    private final List<String> tokens;

    MaskedAccessLog(AccessLogProperties properties, WebhookProperties webhook) {
        this.properties = properties;
        this.tokens = webhook.tokens().stream()
                .map(String::strip)
                .filter(token -> !token.isEmpty())
                .toList();
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (!properties.enabled()) {
            return;
        }
        AccessLogValve valve = new MaskingValve(tokens);
        valve.setDirectory(writableDirectory(properties.directory()).toString());
        valve.setPrefix("access");
        valve.setSuffix(".log");
        valve.setPattern("%h %l %u %t \"%r\" %s %b %D");
        valve.setBuffered(false);
        factory.addEngineValves(valve);
    }

    /**
     * Tomcat's valve only logs an error of its own, once, when it cannot open its file, and then
     * writes nothing: an access log that was asked for and cannot be written stops start-up instead.
     */
    static Path writableDirectory(Path configured) {
        Path directory = configured.toAbsolutePath();
        try {
            Files.createDirectories(directory);
            Files.deleteIfExists(Files.createTempFile(directory, ".writable-", ".tmp"));
        } catch (IOException | UncheckedIOException e) {
            throw new RefusedConfigurationException(
                    "The access log is enabled (receiver.access-log.enabled=true) but its directory " + directory
                            + " cannot be written by this process: " + e,
                    "Point RECEIVER_ACCESS_LOG_DIRECTORY at a directory this user may write (in the Docker"
                            + " image, one under /app/data, the default /app/data/logs), or make it writable.");
        }
        return directory;
    }

    static String mask(String line, List<String> tokens) {
        Matcher request = REQUEST_LINE.matcher(line);
        StringBuilder masked = new StringBuilder();
        while (request.find()) {
            String replacement = "\"" + request.group(1) + " " + maskTarget(request.group(2), tokens)
                    + (request.group(3) != null ? request.group(3) : "") + "\"";
            request.appendReplacement(masked, Matcher.quoteReplacement(replacement));
        }
        request.appendTail(masked);
        String result = masked.toString();
        for (String token : tokens) {
            result = result.replace(token, MASK);
        }
        return result;
    }

    /** The request target with anything that could be a token replaced by {@link #MASK}. */
    static String maskTarget(String target, List<String> tokens) {
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        String query = question < 0 ? "" : target.substring(question);
        return maskPath(path, tokens) + (containsToken(query, tokens) ? "?" + MASK : query);
    }

    private static String maskPath(String path, List<String> tokens) {
        if (path.startsWith(CANONICAL)) {
            return CANONICAL + MASK;
        }
        String normalized = normalize(decode(path));
        if (path.equals(MonitorWebhookController.PATH)) {
            // The plain endpoint, used when no token is configured: nothing to hide.
            return path;
        }
        if (normalized.equals(WEBHOOKS) || normalized.startsWith(WEBHOOKS + "/")) {
            return WEBHOOKS + "/" + MASK;
        }
        return containsToken(path, tokens) ? MASK : path;
    }

    private static boolean containsToken(String text, List<String> tokens) {
        String decoded = decode(text);
        return tokens.stream().anyMatch(decoded::contains);
    }

    /** Percent-decodes as UTF-8; a malformed escape is kept as it is. */
    static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        StringBuilder decoded = new StringBuilder(text.length());
        ByteArrayOutputStream escaped = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '%' && isHex(text, i + 1) && isHex(text, i + 2)) {
                escaped.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
                i += 2;
                continue;
            }
            decoded.append(escaped.toString(StandardCharsets.UTF_8));
            escaped.reset();
            decoded.append(text.charAt(i));
        }
        return decoded.append(escaped.toString(StandardCharsets.UTF_8)).toString();
    }

    private static boolean isHex(String text, int index) {
        return index < text.length() && Character.digit(text.charAt(index), 16) >= 0;
    }

    /**
     * The path as a servlet container routes it: scheme and authority of an absolute target
     * dropped, path parameters ({@code ;x}) removed, empty and {@code .} segments dropped, {@code
     * ..} resolved, backslashes taken as slashes, case kept.
     */
    static String normalize(String path) {
        String rest = path.replace('\\', '/');
        int scheme = rest.indexOf("://");
        if (scheme > 0 && rest.substring(0, scheme).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            int slash = rest.indexOf('/', scheme + 3);
            rest = slash < 0 ? "/" : rest.substring(slash);
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String raw : rest.split("/", -1)) {
            int semicolon = raw.indexOf(';');
            String segment = semicolon < 0 ? raw : raw.substring(0, semicolon);
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
                continue;
            }
            segments.addLast(segment);
        }
        return "/" + String.join("/", segments);
    }

    private static final class MaskingValve extends AccessLogValve {

        private final List<String> tokens;

        MaskingValve(List<String> tokens) {
            this.tokens = tokens;
        }

        @Override
        public void log(CharArrayWriter message) {
            CharArrayWriter masked = new CharArrayWriter();
            masked.append(mask(message.toString(), tokens));
            super.log(masked);
        }
    }
}
