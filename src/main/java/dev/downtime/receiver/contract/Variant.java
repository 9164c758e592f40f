package dev.downtime.receiver.contract;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/** One Monitor-like notification the check sends: its name in the report, how it is framed, its body. */
record Variant(String name, String description, @Nullable String contentType, String body) {

    static final String JSON = "application/json";

    /** What {@code curl -d} sends, and what a sender that does not care about Content-Type may send. */
    static final String FORM = "application/x-www-form-urlencoded";

    // The spec: "url: The URL that was checked (with forward slashes escaped)".
    private static final JsonMapper PAYLOADS =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES).build();

    /**
     * The notifications of one check, in the order sent: failures in every framing the spec allows
     * for, then the recovery, so that an incident the endpoint opens for the site is closed again.
     * Their {@code ts} are a second apart, ending now, so that none is a resend of another.
     */
    static List<Variant> monitorLike(Instant now, String siteUrl, String host) {
        long ts = now.getEpochSecond() - 5;
        return List.of(
                new Variant(
                        "spec-example",
                        "the spec's example: JSON with escaped slashes, code 403",
                        JSON,
                        payload(ts, siteUrl, 403, host)),
                new Variant(
                        "form-encoded",
                        "the same JSON labelled " + FORM + " (as curl -d sends it), code 503",
                        FORM,
                        payload(ts + 1, siteUrl, 503, host)),
                new Variant(
                        "no-content-type",
                        "the same JSON with no Content-Type header, code 500",
                        null,
                        payload(ts + 2, siteUrl, 500, host)),
                new Variant(
                        "timeout-code-number",
                        "a timeout on Monitor's side: code 0 as a number",
                        JSON,
                        payload(ts + 3, siteUrl, 0, host)),
                new Variant(
                        "timeout-code-string",
                        "a timeout with code '0' as the spec writes it: a string",
                        JSON,
                        payload(ts + 4, siteUrl, "0", host)),
                new Variant(
                        "recovery",
                        "the site is back: code 200 (the answer must still follow the contract)",
                        JSON,
                        payload(ts + 5, siteUrl, 200, host)));
    }

    /** The spec's example's fields in the spec's order. */
    private static String payload(long ts, String url, Object code, String host) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("ts", ts);
        fields.put("url", url);
        fields.put("code", code);
        fields.put("host", host);
        fields.put("type", "http");
        return PAYLOADS.writeValueAsString(fields);
    }
}
