package dev.downtime.receiver.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Walks the table of docs/webhook-payload.md, row by row, against the parser: the table is the
 * contract, so the test reads it rather than a copy that could drift from it.
 */
class WebhookPayloadTableTest {

    static final Path DOC = Path.of("docs/webhook-payload.md");
    static final String TABLE_HEADING = "## Every form of every field";
    static final String BODY = "(body)";
    static final String ABSENT = "(absent)";
    static final String EMPTY = "(empty)";
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** One row of the table; {@code understood} is null for a refused row, {@code refusedWith} for an accepted one. */
    record Row(
            String field,
            String sent,
            @Nullable String understood,
            @Nullable String refusedWith) {

        @Override
        public String toString() {
            String shown = sent.length() > 80 ? sent.substring(0, 80) + "..." : sent;
            return field + " " + shown + (refusedWith == null ? " -> " + understood : " refused");
        }
    }

    static List<Row> rows() throws IOException {
        List<String> lines = Files.readAllLines(DOC, StandardCharsets.UTF_8);
        int start = lines.indexOf(TABLE_HEADING);
        assertThat(start).as("heading %s in %s", TABLE_HEADING, DOC).isNotNegative();
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            if (!line.startsWith("| ") || line.startsWith("| field ") || line.startsWith("| ---")) {
                continue;
            }
            // No cell holds a '|': the table writes none.
            String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
            assertThat(cells).as(line).hasSize(4);
            String understood = code(cells[2]);
            String refused = code(cells[3]);
            assertThat(understood.isEmpty() ^ refused.isEmpty())
                    .as("one of understood and refused in: %s", line)
                    .isTrue();
            rows.add(new Row(
                    code(cells[0]),
                    code(cells[1]),
                    understood.isEmpty() ? null : understood,
                    refused.isEmpty() ? null : refused));
        }
        return rows;
    }

    /** A cell's text without its code span's backticks. */
    static String code(String cell) {
        String text = cell.strip();
        return text.length() >= 2 && text.startsWith("`") && text.endsWith("`")
                ? text.substring(1, text.length() - 1)
                : text;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void parsesEachFormAsTheTableSays(Row row) {
        byte[] body = bytes(body(row));

        if (row.refusedWith() != null) {
            assertThatThrownBy(() -> MonitorPayloadParser.parse(body))
                    .isInstanceOf(InvalidPayloadException.class)
                    .hasMessage(row.refusedWith());
            return;
        }
        MonitorPayload payload = MonitorPayloadParser.parse(body);
        String understood = row.understood();
        switch (row.field()) {
            case BODY -> assertThat(understood).isEqualTo("accepted");
            case "url" -> {
                assertThat(payload.site().value()).isEqualTo(text(understood));
                assertThat(payload.url()).isEqualTo(text(row.sent()));
            }
            case "code" -> {
                assertThat(payload.code()).isEqualTo(Integer.parseInt(understood));
                assertThat(payload.rawCode()).isEqualTo(keptAsSent(row.sent()));
            }
            case "ts" -> {
                if (understood.equals("none")) {
                    assertThat(payload.tsMillis()).isNull();
                    assertThat(payload.ts()).isNull();
                    assertThat(payload.rawTs()).isNull();
                } else {
                    assertThat(understood).matches("\\d+\\.\\d{3}");
                    long millis = new BigDecimal(understood).movePointRight(3).longValueExact();
                    assertThat(payload.tsMillis()).isEqualTo(millis);
                    assertThat(payload.ts()).isEqualTo(millis / 1000);
                    assertThat(payload.rawTs()).isEqualTo(keptAsSent(row.sent()));
                }
            }
            case "host" -> assertThat(payload.host()).isEqualTo(understood.equals("none") ? null : text(understood));
            case "type" -> assertThat(payload.type()).isEqualTo(understood.equals("none") ? null : text(understood));
            default -> throw new AssertionError("no such field: " + row.field());
        }
    }

    /** So that the walk above cannot pass by walking nothing: both outcomes for every field. */
    @Test
    void listsAcceptedAndRefusedFormsOfEveryField() throws IOException {
        Map<String, List<Row>> byField =
                rows().stream().collect(Collectors.groupingBy(Row::field, LinkedHashMap::new, Collectors.toList()));

        assertThat(byField).containsOnlyKeys(BODY, "url", "code", "ts", "host", "type");
        byField.forEach((field, rows) -> {
            assertThat(rows).as(field).anyMatch(row -> row.refusedWith() == null);
            assertThat(rows).as(field).anyMatch(row -> row.refusedWith() != null);
        });
    }

    static final Pattern HEX_BYTES = Pattern.compile("⟨([0-9A-F]{2}(?: [0-9A-F]{2})*)⟩");

    /** The body in UTF-8, each {@code ⟨C0 AF⟩} replaced by the bytes it writes in hex. */
    static byte[] bytes(String body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Matcher hex = HEX_BYTES.matcher(body);
        int at = 0;
        while (hex.find()) {
            bytes.writeBytes(body.substring(at, hex.start()).getBytes(StandardCharsets.UTF_8));
            bytes.writeBytes(HexFormat.ofDelimiter(" ").parseHex(hex.group(1)));
            at = hex.end();
        }
        bytes.writeBytes(body.substring(at).getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }

    /** The value as the table writes it, as the JSON to send. */
    static String body(Row row) {
        if (row.field().equals(BODY)) {
            return row.sent().equals(EMPTY) ? "" : row.sent();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("url", "\"http://example.com\"");
        fields.put("code", "500");
        if (row.sent().equals(ABSENT)) {
            fields.remove(row.field());
        } else {
            fields.put(row.field(), json(row.sent()));
        }
        return fields.entrySet().stream()
                .map(field -> "\"" + field.getKey() + "\":" + field.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** {@code "a" × 3 + "b"} is the JSON string {@code "aaab"}; anything else is JSON as written. */
    static String json(String value) {
        return isConcatenation(value) ? JSON.writeValueAsString(text(value)) : value;
    }

    static final Pattern PART = Pattern.compile("(\"(?:[^\"\\\\]|\\\\.)*\")(?: × (\\d+))?");
    static final Pattern JOIN = Pattern.compile(" \\+ ");

    static boolean isConcatenation(String value) {
        return value.startsWith("\"") && (value.contains("\" × ") || value.contains("\" + \""));
    }

    /** The text of a JSON string, or of a concatenation of them. */
    static String text(String value) {
        StringBuilder text = new StringBuilder();
        Matcher part = PART.matcher(value);
        int at = 0;
        while (true) {
            assertThat(part.find(at) && part.start() == at)
                    .as("a JSON string at %d of %s", at, value)
                    .isTrue();
            String literal = JSON.readValue(part.group(1), String.class);
            text.append(literal.repeat(part.group(2) == null ? 1 : Integer.parseInt(part.group(2))));
            at = part.end();
            if (at == value.length()) {
                return text.toString();
            }
            Matcher join = JOIN.matcher(value).region(at, value.length());
            assertThat(join.lookingAt()).as("' + ' at %d of %s", at, value).isTrue();
            at = join.end();
        }
    }

    /**
     * What the parser keeps as sent: a number's text as written, a string's content re-encoded as
     * a JSON string (escapes resolved, blanks kept).
     */
    static String keptAsSent(String sent) {
        return sent.startsWith("\"") ? JSON.writeValueAsString(text(sent)) : sent;
    }
}
