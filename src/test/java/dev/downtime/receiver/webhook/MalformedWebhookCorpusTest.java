package dev.downtime.receiver.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.PostgresIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A generated corpus of malformed webhook requests. Whatever a stranger sends, the answer is a
 * 4xx or a correct 200, never a 5xx, and no answer shows an exception, a stack frame, a framework
 * name or SQL.
 */
class MalformedWebhookCorpusTest extends PostgresIntegrationTest {

    static final List<String> VALID = List.of(
            "{\"ts\":1385139152,\"url\":\"http:\\/\\/example.com\",\"code\":403,\"host\":\"example\",\"type\":\"http\"}",
            "{\"url\":\"https:\\/\\/shop.example.com\\/cart?x=1\",\"code\":0}",
            "{\"code\":503,\"type\":\"http\",\"url\":\"b\\u00fccher.example\",\"ts\":1700000000,\"host\":null}");

    static final List<String> FORBIDDEN_IN_BODY =
            List.of("Exception", "at java.", "org.springframework", "SQL", "postgres", "jdbc", "Caused by");

    record Case(String what, String method, @Nullable String contentType, byte[] body) {}

    static List<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        // Truncated at every length.
        for (String valid : VALID) {
            for (int length = 0; length < valid.length(); length++) {
                cases.add(json("truncated", valid.substring(0, length)));
            }
        }
        // Trailing tokens.
        for (String trailing : List.of("x", "}", "]", "{}", "[]", ",", "null", "1", "\"s\"", " {\"a\":1}", "\u0000")) {
            cases.add(json("trailing " + trailing, VALID.get(0) + trailing));
        }
        // Wrong types, huge, negative and float numbers, in every field.
        List<String> values = List.of(
                "true",
                "false",
                "null",
                "1",
                "-1",
                "0",
                "1.5",
                "-0.0",
                "1e3",
                "1E400",
                "-1e400",
                "\"text\"",
                "\"\"",
                "[]",
                "{}",
                "[1]",
                "{\"a\":1}",
                "99999999999999999999999999",
                "-99999999999999999999999999",
                "9223372036854775808",
                "-9223372036854775809",
                "2147483648",
                "NaN",
                "Infinity",
                "-Infinity",
                "0x1F",
                "01",
                "+1",
                ".5",
                "1.",
                "\"\\u0000\"");
        for (String field : List.of("ts", "url", "code", "host", "type")) {
            for (String value : values) {
                cases.add(json(field + "=" + value, withField(field, value)));
            }
        }
        // Deep nesting, inside an unknown field and as the whole body.
        for (int depth : new int[] {10, 31, 32, 33, 64, 100, 1000, 10_000, 50_000}) {
            cases.add(json(
                    "nested arrays " + depth,
                    "{\"url\":\"a.com\",\"code\":500,\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}"));
            cases.add(json(
                    "nested objects " + depth,
                    "{\"url\":\"a.com\",\"code\":500,\"x\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)
                            + "}"));
            cases.add(json("unclosed nesting " + depth, "[".repeat(depth)));
        }
        // Invalid UTF-8 in each string position.
        byte[][] badBytes = {
            {(byte) 0xC3, 0x28},
            {(byte) 0xFF},
            {(byte) 0xFE, (byte) 0xFF},
            {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xE2, (byte) 0x82},
            {(byte) 0x80}
        };
        for (byte[] bad : badBytes) {
            for (String field : List.of("url", "host", "type", "unknown")) {
                cases.add(new Case(
                        "invalid UTF-8 in " + field,
                        "POST",
                        "application/json",
                        concat("{\"code\":500,\"url\":\"a.com\",\"" + field + "2\":\"x", bad, "y\"}")));
                if (!field.equals("unknown")) {
                    cases.add(new Case(
                            "invalid UTF-8 as " + field,
                            "POST",
                            "application/json",
                            concat("{\"code\":500,\"" + field + "\":\"x", bad, "y\"}")));
                }
            }
            cases.add(new Case(
                    "invalid UTF-8 in a key",
                    "POST",
                    "application/json",
                    concat("{\"code\":500,\"url\":\"a.com\",\"k", bad, "\":1}")));
        }
        // Control characters in the URL, escaped and raw.
        for (int c = 0; c < 0x20; c++) {
            cases.add(json(
                    "escaped control " + c + " in url",
                    "{\"code\":500,\"url\":\"http:\\/\\/a.com\\/" + "\\u%04x".formatted(c) + "x\"}"));
            cases.add(new Case(
                    "raw control " + c + " in url",
                    "POST",
                    "application/json",
                    concat("{\"code\":500,\"url\":\"http://a.com/", new byte[] {(byte) c}, "x\"}")));
        }
        for (String injection :
                List.of("\\r\\nSet-Cookie: x=1", "\\nX: y", "\\u2028", "\\u0085", "\\u007f", "%0d%0a")) {
            cases.add(
                    json("injection " + injection, "{\"code\":500,\"url\":\"http:\\/\\/a.com\\/" + injection + "\"}"));
        }
        // Duplicate keys.
        for (String field : List.of("ts", "url", "code", "host", "type")) {
            cases.add(json(
                    "duplicate " + field,
                    withField(
                                    field,
                                    field.equals("url") || field.equals("host") || field.equals("type")
                                            ? "\"x.com\""
                                            : "1")
                            .replace(
                                    "{",
                                    "{\"" + field + "\":"
                                            + (field.equals("url") || field.equals("host") || field.equals("type")
                                                    ? "\"y.com\""
                                                    : "2")
                                            + ",")));
        }
        // Oversized bodies.
        for (int size : new int[] {64 * 1024 + 1, 100_000, 1_000_000}) {
            cases.add(
                    json("oversize " + size, "{\"url\":\"a.com\",\"code\":500,\"pad\":\"" + "x".repeat(size) + "\"}"));
        }
        // Other methods.
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "FOO")) {
            cases.add(new Case(
                    "method " + method, method, "application/json", VALID.get(0).getBytes(StandardCharsets.UTF_8)));
        }
        // Odd content types, with a valid body.
        for (String type : List.of(
                "",
                "*/*",
                "text/html",
                "image/png",
                "application/xml",
                "multipart/form-data",
                "multipart/form-data; boundary=",
                "application/json; charset=utf-16",
                "application/json; charset=nope",
                "application/json;;;",
                "text/plain; charset=\"",
                "x/y/z",
                "application/x-www-form-urlencoded; charset=x",
                "application/vnd.api+json",
                "application/octet-stream")) {
            cases.add(
                    new Case("content type " + type, "POST", type, VALID.get(0).getBytes(StandardCharsets.UTF_8)));
        }
        // Random mutations of valid bodies, reproducibly.
        Random random = new Random(20261125);
        for (int i = 0; i < 500; i++) {
            byte[] body = VALID.get(i % VALID.size()).getBytes(StandardCharsets.UTF_8);
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                body[random.nextInt(body.length)] = (byte) random.nextInt(256);
            }
            cases.add(new Case("mutation " + i, "POST", "application/json", body));
        }
        return cases;
    }

    static Case json(String what, String body) {
        return new Case(what, "POST", "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    static String withField(String field, String value) {
        return "{\"ts\":1385139152,\"url\":\"http:\\/\\/example.com\",\"code\":403,\"host\":\"example\",\"type\":\"http\"}"
                .replaceFirst(
                        "\"" + field + "\":(\"[^\"]*\"|[0-9]+)",
                        "\"" + field + "\":" + java.util.regex.Matcher.quoteReplacement(value));
    }

    static byte[] concat(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void answersEveryMalformedRequestWithA4xxOrACorrect200AndLeaksNothing() throws Exception {
        List<Case> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(1000);
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI webhook = URI.create("http://localhost:" + port + "/webhooks/monitor");

        List<Future<String>> failures = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(8)) {
            for (Case c : corpus) {
                failures.add(executor.submit(() -> check(http, webhook, c)));
            }
        }

        List<String> problems = new ArrayList<>();
        for (Future<String> failure : failures) {
            if (failure.get() != null) {
                problems.add(failure.get());
            }
        }
        assertThat(problems).isEmpty();
    }

    private static @Nullable String check(HttpClient http, URI webhook, Case c) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(webhook)
                .timeout(Duration.ofSeconds(30))
                .method(c.method(), HttpRequest.BodyPublishers.ofByteArray(c.body()));
        if (c.contentType() != null && !c.contentType().isEmpty()) {
            request.header("Content-Type", c.contentType());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        if (response.statusCode() >= 500) {
            return c.what() + ": " + response.statusCode() + " " + body;
        }
        for (String forbidden : FORBIDDEN_IN_BODY) {
            if (body.contains(forbidden)) {
                return c.what() + ": body shows '" + forbidden + "': " + body;
            }
        }
        // OPTIONS is answered by the framework: 200, an Allow header and no body.
        boolean optionsAnswer = c.method().equals("OPTIONS") && body.isEmpty();
        if (response.statusCode() == 200
                && !optionsAnswer
                && !body.equals("ok")
                && !body.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ")) {
            return c.what() + ": 200 with an answer that is not ok or a time: " + body;
        }
        return null;
    }
}
