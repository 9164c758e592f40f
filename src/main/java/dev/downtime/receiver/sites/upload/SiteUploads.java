package dev.downtime.receiver.sites.upload;

import dev.downtime.receiver.sites.Labels;
import java.io.CharConversionException;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.dataformat.csv.CsvFactory;
import tools.jackson.dataformat.csv.CsvReadFeature;

/**
 * Reads an inventory upload, streaming, into sites: JSON ({@code [{"url": ..., "host": ...,
 * "labels": {...}}, ...]}) or CSV (a header {@code url,host,<label key>...}, then one record per
 * site, an empty cell meaning no such label). Every invalid row is reported with its line and
 * field, and reading goes on to the end; only a body that cannot be read any further (broken
 * syntax, not UTF-8, too many sites, a huge value) stops it, with that as the last violation.
 */
public final class SiteUploads {

    /** Longer than any field of a site (a URL is at most 4096 bytes); bounds what is buffered. */
    static final int MAX_TEXT_LENGTH = 16 * 1024;

    static final int MAX_CSV_COLUMNS = 256;

    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxStringLength(MAX_TEXT_LENGTH)
            .maxNameLength(256)
            .maxNumberLength(64)
            .maxNestingDepth(16)
            .build();

    private static final JsonFactory JSON =
            JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build();

    private static final CsvFactory CSV = CsvFactory.builder()
            .streamReadConstraints(CONSTRAINTS)
            // Blank lines, such as a trailing one, separate nothing; they still count as lines.
            .enable(CsvReadFeature.SKIP_EMPTY_LINES)
            .build();

    private static final String SITE_FIELDS = "url, host and labels";

    private SiteUploads() {}

    /** Reads a JSON array of sites. */
    public static ParsedUpload readJson(InputStream body, UploadLimits limits) {
        UploadCollector collector = new UploadCollector(limits);
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), utf8(body))) {
            try {
                readJson(parser, collector);
            } catch (JacksonException e) {
                unreadable(e, parser, collector, "JSON");
            }
        } catch (JacksonIOException e) {
            // Reading the first characters or closing failed.
            notUtf8OrThrow(e, 1, collector);
        }
        return collector.result();
    }

    private static void readJson(JsonParser parser, UploadCollector collector) {
        JsonToken token = parser.nextToken();
        if (token == null) {
            collector.violation(1, null, "body", "is empty: expected a JSON array of sites");
            return;
        }
        if (token != JsonToken.START_ARRAY) {
            collector.violation(line(parser), null, "body", "must be a JSON array of sites");
            return;
        }
        int item = 0;
        for (token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            long line = line(parser);
            if (!collector.accepts(line, item)) {
                return;
            }
            if (token != JsonToken.START_OBJECT) {
                collector.violation(line, item, "row", "must be an object with " + SITE_FIELDS);
                parser.skipChildren();
            } else {
                readJsonSite(parser, collector, line, item);
            }
            item++;
        }
        if (parser.nextToken() != null) {
            collector.violation(line(parser), null, "body", "has content after the JSON array");
        }
    }

    private static void readJsonSite(JsonParser parser, UploadCollector collector, long line, int item) {
        int before = collector.violationCount();
        String url = null;
        String host = null;
        Map<String, String> labels = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>(4);
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!seen.add(name)) {
                collector.violation(line, item, "row", "has the field " + Shown.quote(name) + " twice");
                parser.skipChildren();
                continue;
            }
            switch (name) {
                case "url" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        url = parser.getString();
                    } else {
                        collector.violation(line, item, "url", "must be a string");
                        parser.skipChildren();
                    }
                }
                case "host" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        host = parser.getString();
                    } else if (value != JsonToken.VALUE_NULL) {
                        collector.violation(line, item, "host", "must be a string or null");
                        parser.skipChildren();
                    }
                }
                case "labels" -> {
                    if (value == JsonToken.START_OBJECT) {
                        readJsonLabels(parser, collector, line, item, labels);
                    } else if (value != JsonToken.VALUE_NULL) {
                        collector.violation(line, item, "labels", "must be an object of label keys to values");
                        parser.skipChildren();
                    }
                }
                default -> {
                    collector.violation(
                            line,
                            item,
                            "row",
                            "has the field " + Shown.quote(name) + ", which a site does not have (" + SITE_FIELDS
                                    + ")");
                    parser.skipChildren();
                }
            }
        }
        collector.site(line, item, url, seen.contains("url"), host, labels, before);
    }

    private static void readJsonLabels(
            JsonParser parser, UploadCollector collector, long line, int item, Map<String, String> labels) {
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            if (labels.containsKey(key)) {
                collector.violation(line, item, Labels.field(key), "is given twice");
                parser.skipChildren();
            } else if (value == JsonToken.VALUE_STRING) {
                labels.put(key, parser.getString());
            } else {
                collector.violation(line, item, Labels.field(key), "must be a string");
                parser.skipChildren();
            }
        }
    }

    /** Reads CSV: a header line, then one record per site. */
    public static ParsedUpload readCsv(InputStream body, UploadLimits limits) {
        UploadCollector collector = new UploadCollector(limits);
        try (JsonParser parser = CSV.createParser(ObjectReadContext.empty(), utf8(body))) {
            try {
                readCsv(parser, collector);
            } catch (JacksonException e) {
                unreadable(e, parser, collector, "CSV");
            }
        } catch (JacksonIOException e) {
            // Reading the first characters or closing failed.
            notUtf8OrThrow(e, 1, collector);
        }
        return collector.result();
    }

    private static void readCsv(JsonParser parser, UploadCollector collector) {
        List<String> header = new ArrayList<>();
        long headerLine = record(parser, header);
        if (headerLine < 0) {
            collector.violation(1, null, "body", "is empty: expected a header line such as url,host,server");
            return;
        }
        Columns columns = Columns.of(header, headerLine, collector);
        if (columns == null) {
            return;
        }
        List<String> cells = new ArrayList<>(header.size());
        for (int item = 0; ; item++) {
            cells.clear();
            long line = record(parser, cells);
            if (line < 0) {
                return;
            }
            if (!collector.accepts(line, item)) {
                return;
            }
            if (cells.size() != header.size()) {
                collector.violation(
                        line,
                        item,
                        "row",
                        "has " + cells.size() + (cells.size() == 1 ? " cell" : " cells") + " but the header has "
                                + header.size() + " columns");
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            for (int i = 0; i < cells.size(); i++) {
                String key = columns.labelKeys[i];
                if (key != null && !cells.get(i).isEmpty()) {
                    labels.put(key, cells.get(i));
                }
            }
            String host = columns.host < 0 ? null : cells.get(columns.host);
            collector.site(line, item, cells.get(columns.url), false, host, labels, collector.violationCount());
        }
    }

    /**
     * Reads one CSV record's cells; @return the physical line it starts on, or -1 at the end. A
     * quoted cell may span lines: the parser counts them, so the next record's line is right too.
     */
    private static long record(JsonParser parser, List<String> cells) {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return -1;
        }
        long line = -1;
        for (token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (line < 0) {
                line = line(parser);
            }
            cells.add(parser.getString());
        }
        return line < 0 ? line(parser) : line;
    }

    /** Where each column of a CSV header goes. */
    private static final class Columns {
        int url = -1;
        int host = -1;
        /** The label key of each column; null for url and host. */
        final @Nullable String[] labelKeys;

        private Columns(int size) {
            labelKeys = new String[size];
        }

        static @Nullable Columns of(List<String> header, long line, UploadCollector collector) {
            if (header.size() > MAX_CSV_COLUMNS) {
                collector.violation(line, null, "header", "has more than " + MAX_CSV_COLUMNS + " columns");
                return null;
            }
            int before = collector.violationCount();
            Columns columns = new Columns(header.size());
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < header.size(); i++) {
                String name = header.get(i);
                String column = "column " + (i + 1) + " " + Shown.quote(name);
                if (!seen.add(name)) {
                    collector.violation(line, null, "header", column + " appears twice");
                } else if (name.equals("url")) {
                    columns.url = i;
                } else if (name.equals("host")) {
                    columns.host = i;
                } else {
                    String problem = Labels.keyViolation(name);
                    if (problem != null) {
                        collector.violation(line, null, "header", column + " " + problem);
                    } else {
                        columns.labelKeys[i] = name;
                    }
                }
            }
            if (columns.url < 0) {
                collector.violation(
                        line, null, "header", "must have a column url (the header is url,host, then label keys)");
            }
            return collector.violationCount() == before ? columns : null;
        }
    }

    /** A body that cannot be read any further: the reason becomes the last violation. */
    private static void unreadable(JacksonException e, JsonParser parser, UploadCollector collector, String format) {
        long line = e.getLocation() != null && e.getLocation().getLineNr() > 0
                ? e.getLocation().getLineNr()
                : line(parser.currentLocation());
        switch (e) {
            case StreamConstraintsException tooLarge ->
                collector.violation(
                        line,
                        null,
                        "body",
                        "holds a value or name too large or too deeply nested (values up to " + MAX_TEXT_LENGTH
                                + " characters)");
            case StreamReadException syntax ->
                collector.violation(
                        line,
                        null,
                        "body",
                        "is not valid " + format + ": " + Shown.reason(syntax.getOriginalMessage()));
            case JacksonIOException io -> notUtf8OrThrow(io, line, collector);
            default -> throw e;
        }
    }

    /**
     * The body as UTF-8 text, strictly: JSON exchanged between systems is UTF-8 (RFC 8259), and so
     * is the CSV we document; a leading byte order mark, as spreadsheets write, is skipped.
     */
    private static Reader utf8(InputStream body) {
        CharsetDecoder strict = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new WithoutByteOrderMark(new InputStreamReader(body, strict));
    }

    /** Drops a byte order mark at the start of the text, as read; reading errors pass through. */
    private static final class WithoutByteOrderMark extends FilterReader {

        private boolean started;

        WithoutByteOrderMark(Reader in) {
            super(in);
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (!started && read > 0) {
                started = true;
                if (buffer[offset] == '\uFEFF') {
                    System.arraycopy(buffer, offset + 1, buffer, offset, read - 1);
                    return read == 1 ? read(buffer, offset, length) : read - 1;
                }
            }
            return read;
        }

        @Override
        public int read() throws IOException {
            char[] one = new char[1];
            int read = read(one, 0, 1);
            return read < 0 ? -1 : one[0];
        }
    }

    /**
     * Bytes that are not UTF-8 are the client's fault; any other failure to read the body (the
     * connection dropped) is not, and is passed on.
     */
    private static void notUtf8OrThrow(JacksonIOException e, long line, UploadCollector collector) {
        if (e.getCause() instanceof CharacterCodingException || e.getCause() instanceof CharConversionException) {
            collector.violation(line, null, "body", "is not valid UTF-8");
            return;
        }
        throw new UncheckedIOException(
                e.getCause() instanceof IOException cause ? cause : new IOException(e.getMessage(), e));
    }

    private static long line(JsonParser parser) {
        return line(parser.currentTokenLocation());
    }

    private static long line(@Nullable TokenStreamLocation location) {
        return location == null || location.getLineNr() < 1 ? 1 : location.getLineNr();
    }
}
