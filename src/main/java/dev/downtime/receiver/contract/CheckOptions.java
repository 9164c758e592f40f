package dev.downtime.receiver.contract;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;

/** The command line of {@code check}, read and validated. */
record CheckOptions(URI endpoint, String siteUrl, String host, Duration timeout, boolean json) {

    static final String DEFAULT_SITE_URL = "http://example.com";
    static final String DEFAULT_HOST = "example";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5); // the spec's 5 s

    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    /** A command line that cannot be run, and why. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** Reads the arguments that follow {@code check}; null when help was asked for. */
    static @Nullable CheckOptions parse(List<String> args) throws UsageException {
        String siteUrl = DEFAULT_SITE_URL;
        String host = DEFAULT_HOST;
        Duration timeout = DEFAULT_TIMEOUT;
        boolean json = false;
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-h") || arg.equals("--help")) {
                return null;
            }
            if (arg.equals("--")) {
                positional.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                positional.add(arg);
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            if (name.equals("--json")) {
                if (equals >= 0) {
                    throw new UsageException("--json takes no value");
                }
                json = true;
                continue;
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException(name + " needs a value");
            }
            switch (name) {
                case "--url-under-test" -> siteUrl = nonBlank(name, value);
                case "--host" -> host = nonBlank(name, value);
                case "--timeout" -> timeout = timeout(value);
                default -> throw new UsageException("unknown option " + name);
            }
        }
        if (positional.isEmpty()) {
            throw new UsageException("the endpoint URL is missing");
        }
        if (positional.size() > 1) {
            throw new UsageException("one endpoint URL at a time, got " + positional.size() + ": " + positional);
        }
        return new CheckOptions(endpoint(positional.getFirst()), siteUrl, host, timeout, json);
    }

    private static String nonBlank(String name, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException(name + " must not be blank");
        }
        return value;
    }

    private static Duration timeout(String value) throws UsageException {
        Duration timeout;
        try {
            // As the service's own properties: 5s, 500ms, 1m; a bare number is seconds.
            timeout = DurationStyle.detectAndParse(value.strip(), ChronoUnit.SECONDS);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--timeout " + value + " is no duration (examples: 5s, 500ms, 1m)");
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new UsageException("--timeout must be more than 0 and at most 10m, got " + value);
        }
        return timeout;
    }

    private static URI endpoint(String value) throws UsageException {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new UsageException("the endpoint URL " + value + " is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new UsageException("the endpoint URL must be an http:// or https:// URL with a host, such as"
                    + " https://receiver.example.net/webhooks/monitor/<token>; got " + value);
        }
        return uri;
    }
}
