package dev.downtime.receiver.webhook;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads Monitor's JSON object strictly on meaning (types and ranges of the known fields, no
 * duplicate keys, nothing after the object) and liberally on framing (unknown fields ignored,
 * any encoding JSON allows).
 */
final class MonitorPayloadParser {

    /** 9999-12-31T23:59:59Z: anything later is not a time Monitor checked a site. */
    static final long MAX_TS = 253_402_300_799L;

    static final int MAX_HOST_LENGTH = 200;
    static final int MAX_TYPE_LENGTH = 64;

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
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidPayloadException("body must be a JSON object");
            }
            Long ts = null;
            String url = null;
            Integer code = null;
            String host = null;
            String type = null;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "ts" -> ts = timestamp(parser, value);
                    case "url" -> url = string(parser, value, "url", Integer.MAX_VALUE);
                    case "code" -> code = code(parser, value);
                    case "host" -> host = string(parser, value, "host", MAX_HOST_LENGTH);
                    case "type" -> type = string(parser, value, "type", MAX_TYPE_LENGTH);
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new InvalidPayloadException("body has content after the JSON object");
            }
            if (url == null) {
                throw new InvalidPayloadException("url is required");
            }
            if (code == null) {
                throw new InvalidPayloadException("code is required");
            }
            return new MonitorPayload(ts, url, code, host, type);
        } catch (JacksonException e) {
            throw new InvalidPayloadException("body is not valid JSON");
        }
    }

    private static @Nullable Long timestamp(JsonParser parser, JsonToken value) {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new InvalidPayloadException("ts must be an integer number of Unix seconds");
        }
        long ts = parser.getLongValue();
        if (ts < 0 || ts > MAX_TS) {
            throw new InvalidPayloadException("ts must be an integer number of Unix seconds");
        }
        return ts;
    }

    private static Integer code(JsonParser parser, JsonToken value) {
        if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != JsonParser.NumberType.INT) {
            throw new InvalidPayloadException("code must be an integer from 0 to 999");
        }
        int code = parser.getIntValue();
        if (code < 0 || code > 999) {
            throw new InvalidPayloadException("code must be an integer from 0 to 999");
        }
        return code;
    }

    private static @Nullable String string(JsonParser parser, JsonToken value, String field, int maxLength) {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new InvalidPayloadException(field + " must be a string");
        }
        String text = parser.getString();
        if (text.length() > maxLength) {
            throw new InvalidPayloadException(field + " must be at most " + maxLength + " characters");
        }
        if (!field.equals("url") && text.chars().anyMatch(Character::isISOControl)) {
            // The url gets its own, stricter check when it is normalized.
            throw new InvalidPayloadException(field + " must not contain control characters");
        }
        return text;
    }
}
