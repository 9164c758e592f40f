package dev.downtime.receiver.webhook;

import dev.downtime.receiver.site.InvalidSiteUrlException;
import dev.downtime.receiver.site.SiteUrl;
import dev.downtime.receiver.site.Utf8;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.UTF8StreamJsonParser;

/**
 * Reads Monitor's JSON object liberally on framing and strictly on meaning: unknown fields ignored,
 * any encoding JSON allows, numbers as JSON numbers or as strings holding one (the spec writes the
 * timeout code as {@code '0'}); but types and ranges checked, no duplicate keys, nothing after the
 * object, and every text within what can be stored. docs/webhook-payload.md lists every accepted
 * and refused form of every field; {@code WebhookPayloadTableTest} walks that list.
 */
final class MonitorPayloadParser {

    /** 9999-12-31T23:59:59.999Z: anything later is not a time Monitor checked a site. */
    static final long MAX_TS_MILLIS = 253_402_300_799_999L;

    static final int MAX_HOST_BYTES = 200;
    static final int MAX_TYPE_BYTES = 64;
    /** A string holding a number may be at most this long, blanks included: it is stored as sent. */
    static final int MAX_NUMBER_STRING_LENGTH = 64;

    static final String CODE_RULE =
            "code must be a whole number from 0 to 999, as a JSON number or a string holding one";
    static final String TS_RULE =
            "ts must be Unix seconds from 0 to 253402300799.999, as a JSON number or a string holding one";

    /** JSON's own number syntax, the only one accepted inside a string too: no "+1", "0x1F", "1_000", "NaN". */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(32)
                    .maxNumberLength(32)
                    .maxStringLength(64 * 1024)
                    .maxNameLength(256)
                    .build())
            .build();

    private MonitorPayloadParser() {}

    static MonitorPayload parse(byte[] body) {
        if (body.length == 0) {
            throw new InvalidPayloadException("body is empty: expected a JSON object");
        }
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
            // Jackson decodes overlong forms (C0 AF as '/') without complaint; a strict decoder does not.
            if (parser instanceof UTF8StreamJsonParser && !isStrictUtf8(body)) {
                throw new InvalidPayloadException("body is not valid UTF-8");
            }
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidPayloadException("body must be a JSON object");
            }
            Long tsMillis = null;
            String rawTs = null;
            String url = null;
            Integer code = null;
            String rawCode = null;
            String host = null;
            String type = null;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "ts" -> {
                        Sent ts = number(parser, value, TS_RULE);
                        tsMillis = ts == null ? null : millis(ts.value());
                        rawTs = ts == null ? null : ts.raw();
                    }
                    case "url" -> url = url(parser, value);
                    case "code" -> {
                        Sent sent = number(parser, value, CODE_RULE);
                        code = sent == null ? null : code(sent.value());
                        rawCode = sent == null ? null : sent.raw();
                    }
                    case "host" -> host = text(parser, value, "host", MAX_HOST_BYTES);
                    case "type" -> type = text(parser, value, "type", MAX_TYPE_BYTES);
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new InvalidPayloadException("body has content after the JSON object");
            }
            if (url == null) {
                throw new InvalidPayloadException("url is required");
            }
            if (code == null || rawCode == null) {
                throw new InvalidPayloadException("code is required");
            }
            SiteUrl site;
            try {
                site = SiteUrl.parse(url);
            } catch (InvalidSiteUrlException e) {
                throw new InvalidPayloadException("url " + e.getMessage());
            }
            return new MonitorPayload(tsMillis, url, site, code, host, type, rawTs, rawCode);
        } catch (JacksonException e) {
            throw new InvalidPayloadException("body is not valid JSON");
        }
    }

    /** A number as sent: its value, and its JSON text. */
    private record Sent(BigDecimal value, String raw) {}

    /**
     * A JSON number, or a string holding one in JSON's syntax, blanks around it ignored; null for
     * null.
     */
    private static @Nullable Sent number(JsonParser parser, JsonToken value, String rule) {
        String text;
        String raw;
        switch (value) {
            case VALUE_NULL -> {
                return null;
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                // The number's own text, as written: 503, 1385139152.120, 1.38e9.
                text = parser.getString();
                raw = text;
            }
            case VALUE_STRING -> {
                String sent = parser.getString();
                if (sent.length() > MAX_NUMBER_STRING_LENGTH) {
                    throw new InvalidPayloadException(rule);
                }
                text = stripJsonBlanks(sent);
                raw = quoted(sent);
            }
            default -> throw new InvalidPayloadException(rule);
        }
        if (!JSON_NUMBER.matcher(text).matches()) {
            throw new InvalidPayloadException(rule);
        }
        try {
            return new Sent(new BigDecimal(text), raw);
        } catch (NumberFormatException e) {
            // An exponent beyond an int: "1e99999999999".
            throw new InvalidPayloadException(rule);
        }
    }

    private static int code(BigDecimal code) {
        if (code.signum() == 0) {
            return 0; // also "-0" and "0e5000", without computing anything from the exponent
        }
        // Magnitude from precision and scale alone: no arithmetic on a huge exponent ("1e999999999").
        if (code.signum() < 0 || code.precision() - code.scale() > 3) {
            throw new InvalidPayloadException(CODE_RULE);
        }
        BigDecimal whole = code.stripTrailingZeros();
        if (whole.scale() > 0) {
            throw new InvalidPayloadException(CODE_RULE); // 503.5 is no status code; 503.0 is 503
        }
        return whole.intValueExact();
    }

    /** Seconds, with any fraction, to the nearest millisecond (half up). */
    private static long millis(BigDecimal seconds) {
        if (seconds.signum() == 0) {
            return 0;
        }
        if (seconds.signum() < 0 || seconds.precision() - seconds.scale() > 12) {
            throw new InvalidPayloadException(TS_RULE); // negative, or 10^12 s and beyond
        }
        if (seconds.scale() - seconds.precision() >= 4) {
            return 0; // under 0.0001 s ("1e-999999999"): rounds to 0 ms, without dividing by 10^scale
        }
        long millis =
                seconds.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
        if (millis > MAX_TS_MILLIS) {
            throw new InvalidPayloadException(TS_RULE);
        }
        return millis;
    }

    private static @Nullable String url(JsonParser parser, JsonToken value) {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new InvalidPayloadException("url must be a string");
        }
        // Its length, Unicode and characters are checked where it is normalized (SiteUrl).
        return parser.getString();
    }

    /** A string, or a number kept as its text as written ({@code 42}, {@code 4.2e1}); null for null. */
    private static @Nullable String text(JsonParser parser, JsonToken value, String field, int maxBytes) {
        String text = switch (value) {
            case VALUE_NULL -> null;
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getString();
            default -> throw new InvalidPayloadException(field + " must be a string or a number");
        };
        if (text == null) {
            return null;
        }
        int bytes = Utf8.length(text);
        if (bytes < 0) {
            throw new InvalidPayloadException(field + " must be valid Unicode (no unpaired surrogate)");
        }
        if (bytes > maxBytes) {
            throw new InvalidPayloadException(field + " must be at most " + maxBytes + " bytes in UTF-8");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidPayloadException(field + " must not contain control characters");
        }
        return text;
    }

    /** Strips JSON's blanks (space, tab, CR, LF), and only those, from both ends. */
    private static String stripJsonBlanks(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isJsonBlank(text.charAt(start))) {
            start++;
        }
        while (end > start && isJsonBlank(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isJsonBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static String quoted(String text) {
        StringBuilder json = new StringBuilder(text.length() + 8).append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, json);
        return json.append('"').toString();
    }

    private static boolean isStrictUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)); // reports, never replaces
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
