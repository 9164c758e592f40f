package dev.downtime.receiver.sites.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.downtime.receiver.site.SiteUrl;
import dev.downtime.receiver.sites.Labels;
import dev.downtime.receiver.sites.Site;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SiteUploadsTest {

    static ParsedUpload csv(String body) {
        return SiteUploads.readCsv(stream(body), UploadLimits.DEFAULTS);
    }

    static ParsedUpload json(String body) {
        return SiteUploads.readJson(stream(body), UploadLimits.DEFAULTS);
    }

    static InputStream stream(String body) {
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }

    static Site site(String url, String host, Map<String, String> labels) {
        return new Site(SiteUrl.parse(url), host, Labels.of(labels));
    }

    @Test
    void readsTheIssuesJsonShape() {
        ParsedUpload upload = json("""
                [{"url": "https://a.example", "host": "slug", "labels": {"server": "web-42"}},
                 {"url": "HTTPS://B.example:443/", "labels": {"server": "web-42", "cluster": "eu-1"}},
                 {"url": "c.example", "host": null, "labels": null}]
                """);

        assertThat(upload.violations()).isEmpty();
        assertThat(upload.isValid()).isTrue();
        assertThat(upload.sites())
                .containsExactly(
                        site("https://a.example", "slug", Map.of("server", "web-42")),
                        site("https://b.example", null, Map.of("server", "web-42", "cluster", "eu-1")),
                        site("http://c.example", null, Map.of()));
    }

    @Test
    void readsCsvWithOneColumnPerLabelKeyAndAnEmptyCellForNoLabel() {
        ParsedUpload upload = csv("""
                url,host,server,cluster,plan
                https://a.example,slug,web-42,eu-1,business
                https://b.example,,web-42,eu-1,
                "https://c.example/shop?a=1,2",pool 3,"web 43",,vip
                """);

        assertThat(upload.violations()).isEmpty();
        assertThat(upload.sites())
                .containsExactly(
                        site(
                                "https://a.example",
                                "slug",
                                Map.of("server", "web-42", "cluster", "eu-1", "plan", "business")),
                        site("https://b.example", null, Map.of("server", "web-42", "cluster", "eu-1")),
                        site("https://c.example/shop?a=1,2", "pool 3", Map.of("server", "web 43", "plan", "vip")));
    }

    @Test
    void readsTheSampleFileInTheDocs() throws IOException {
        try (InputStream sample = Files.newInputStream(Path.of("docs/examples/sites.csv"))) {
            ParsedUpload upload = SiteUploads.readCsv(sample, UploadLimits.DEFAULTS);

            assertThat(upload.violations()).isEmpty();
            assertThat(upload.sites()).hasSize(6);
        }
    }

    @Test
    void acceptsColumnsInAnyOrderAndWithoutHost() {
        ParsedUpload upload = csv("server,url\r\nweb-42,https://a.example\r\n");

        assertThat(upload.violations()).isEmpty();
        assertThat(upload.sites()).containsExactly(site("https://a.example", null, Map.of("server", "web-42")));
    }

    @Test
    void acceptsAByteOrderMarkAndBlankLines() {
        ParsedUpload upload = csv("\uFEFFurl,server\n\nhttps://a.example,web-42\n\n\n");

        assertThat(upload.violations()).isEmpty();
        assertThat(upload.sites()).hasSize(1);
    }

    @Test
    void reportsEveryInvalidCsvRowWithItsPhysicalLineCountingQuotedLineBreaks() {
        ParsedUpload upload = csv("""
                url,host,server,Plan
                """.replace("Plan", "plan") + """
                https://a.example,slug,web-42,business
                "https://b.example","a host
                spanning
                three lines",web-42,vip
                ftp://c.example,,web-42,
                https://d.example,,web-42
                https://e.example,,,%s

                https://A.example/,,web-7,
                ,,web-1,
                https://f.example,"bad\u0007host",,
                """.formatted("x".repeat(256)));

        assertThat(upload.isValid()).isFalse();
        assertThat(upload.violations())
                .containsExactly(
                        new RowViolation(3, 1, "host", "must not contain control characters"),
                        new RowViolation(6, 2, "url", "scheme must be http or https"),
                        new RowViolation(7, 3, "row", "has 3 cells but the header has 4 columns"),
                        new RowViolation(8, 4, "labels.plan", "must be at most 255 bytes in UTF-8"),
                        new RowViolation(
                                10,
                                5,
                                "url",
                                "is the same site as the one on line 2 once normalized (https://a.example)"),
                        new RowViolation(11, 6, "url", "must not be blank"),
                        new RowViolation(12, 7, "host", "must not contain control characters"));
        assertThat(upload.violationCount()).isEqualTo(7);
        assertThat(upload.sites()).extracting(Site::key).containsExactly("https://a.example");
    }

    @Test
    void reportsAMultiLineQuotedHostThatIsFineAndKeepsCountingLines() {
        ParsedUpload upload = csv("url,server\n\"https://a.example\",\"web\n42\"\nnot a url,web-1\n");

        assertThat(upload.violations())
                .containsExactly(
                        new RowViolation(2, 0, "labels.server", "must not contain control characters"),
                        new RowViolation(4, 1, "url", "must not contain spaces or control characters"));
    }

    @Test
    void refusesAnInvalidHeaderWithoutReadingTheRows() {
        ParsedUpload upload = csv("host,Server,url,server,server,,url\nslug,a,https://a.example,b,c,d,e\n");

        assertThat(upload.violations())
                .containsExactly(
                        new RowViolation(
                                1,
                                null,
                                "header",
                                "column 2 \"Server\" is not a valid label key: it must start with a lower-case letter"
                                        + " a-z and go on with at most 62 of a-z, 0-9, '_', '.' and '-'"),
                        new RowViolation(1, null, "header", "column 5 \"server\" appears twice"),
                        new RowViolation(
                                1,
                                null,
                                "header",
                                "column 6 \"\" is not a valid label key: it must start with a lower-case letter a-z and"
                                        + " go on with at most 62 of a-z, 0-9, '_', '.' and '-'"),
                        new RowViolation(1, null, "header", "column 7 \"url\" appears twice"));
        assertThat(csv("host,server\nslug,web-42\n").violations())
                .containsExactly(new RowViolation(
                        1, null, "header", "must have a column url (the header is url,host, then label keys)"));
    }

    @Test
    void refusesAnEmptyBody() {
        assertThat(csv("").violations())
                .containsExactly(
                        new RowViolation(1, null, "body", "is empty: expected a header line such as url,host,server"));
        assertThat(json("").violations())
                .containsExactly(new RowViolation(1, null, "body", "is empty: expected a JSON array of sites"));
        assertThat(csv("url,host\n").sites()).isEmpty();
        assertThat(csv("url,host\n").isValid()).isTrue();
    }

    @Test
    void stopsAtBrokenCsvSyntaxWithItsLine() {
        ParsedUpload upload = csv("url,server\nhttps://a.example,web-1\n\"https://b.example\"x,web-2\n");

        assertThat(upload.violations()).singleElement().satisfies(v -> {
            assertThat(v.line()).isEqualTo(3);
            assertThat(v.field()).isEqualTo("body");
            assertThat(v.message()).startsWith("is not valid CSV: Unexpected character ('x'");
        });
        assertThat(csv("url,server\n\"https://a.example,web-1\n")
                        .violations()
                        .getFirst()
                        .message())
                .isEqualTo("is not valid CSV: Missing closing quote for value");
    }

    @Test
    void refusesABodyThatIsNotUtf8() {
        byte[] latin1 = "url,server\nhttps://a.example,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);

        ParsedUpload upload = SiteUploads.readCsv(new ByteArrayInputStream(latin1), UploadLimits.DEFAULTS);

        assertThat(upload.violations())
                .extracting(RowViolation::field, RowViolation::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("body", "is not valid UTF-8"));
    }

    @Test
    void readsOnlyUtf8AndSkipsAByteOrderMark() {
        byte[] bom = "\uFEFF[{\"url\": \"https://a.example\"}]".getBytes(StandardCharsets.UTF_8);
        byte[] utf16 = "[{\"url\": \"https://a.example\"}]".getBytes(StandardCharsets.UTF_16);
        byte[] ucs4 = {0x00, 0x00, (byte) 0xff, (byte) 0xfe, 0x5b, 0x5d};

        assertThat(SiteUploads.readJson(new ByteArrayInputStream(bom), UploadLimits.DEFAULTS)
                        .sites())
                .hasSize(1);
        assertThat(SiteUploads.readJson(new ByteArrayInputStream(utf16), UploadLimits.DEFAULTS)
                        .violations())
                .extracting(RowViolation::message)
                .containsExactly("is not valid UTF-8");
        assertThat(SiteUploads.readCsv(new ByteArrayInputStream(ucs4), UploadLimits.DEFAULTS)
                        .violations())
                .extracting(RowViolation::message)
                .containsExactly("is not valid UTF-8");
    }

    @Test
    void boundsTheNumberOfSitesAndOfReportedViolations() {
        UploadLimits limits = new UploadLimits(3, 2);
        StringBuilder body = new StringBuilder("url\n");
        for (int i = 0; i < 5; i++) {
            body.append("bad url ").append(i).append('\n');
        }

        ParsedUpload upload = SiteUploads.readCsv(stream(body.toString()), limits);

        assertThat(upload.violationCount()).isEqualTo(4);
        assertThat(upload.violations()).hasSize(2);
        ParsedUpload tooMany = SiteUploads.readCsv(
                stream("url\nhttps://a.example\nhttps://b.example\nhttps://c.example\nhttps://d.example\n"), limits);
        assertThat(tooMany.sites()).hasSize(3);
        assertThat(tooMany.violations())
                .containsExactly(new RowViolation(5, null, "body", "lists more than 3 sites: split the upload"));
    }

    @Test
    void stopsAtAValueLargerThanAnyFieldWithoutBufferingIt() {
        String huge = "x".repeat(SiteUploads.MAX_TEXT_LENGTH + 1);

        assertThat(csv("url,server\nhttps://a.example,\"" + huge + "\"\n").violations())
                .singleElement()
                .satisfies(v -> assertThat(v.message()).startsWith("holds a value or name too large"));
        assertThat(json("[{\"url\": \"" + huge + "\"}]").violations())
                .singleElement()
                .satisfies(v -> assertThat(v.message()).startsWith("holds a value or name too large"));
    }

    @Test
    void reportsEveryInvalidJsonItemWithItsLineAndField() {
        ParsedUpload upload = json("""
                [
                  {"url": "https://a.example", "labels": {"server": "web-42"}},
                  {"url": 42, "host": 7, "labels": {"Server": "x", "plan": 1}},
                  "https://c.example",
                  {"host": "slug"},
                  {"url": "https://d.example", "labels": ["server"], "tags": {}},
                  {"url": "https://e.example", "url": "https://f.example"},
                  {"url": "https://a.example/", "labels": {"server": "web-1", "server": "web-2"}},
                  {"url": "https://g.example", "labels": {}}
                ]
                """);

        assertThat(upload.violations())
                .containsExactly(
                        new RowViolation(3, 1, "url", "must be a string"),
                        new RowViolation(3, 1, "host", "must be a string or null"),
                        new RowViolation(3, 1, "labels.plan", "must be a string"),
                        new RowViolation(
                                3,
                                1,
                                "labels.Server",
                                "is not a valid label key: it must start with a lower-case letter a-z and go on with"
                                        + " at most 62 of a-z, 0-9, '_', '.' and '-'"),
                        new RowViolation(4, 2, "row", "must be an object with url, host and labels"),
                        new RowViolation(5, 3, "url", "is required"),
                        new RowViolation(6, 4, "labels", "must be an object of label keys to values"),
                        new RowViolation(
                                6,
                                4,
                                "row",
                                "has the field \"tags\", which a site does not have (url, host and labels)"),
                        new RowViolation(7, 5, "row", "has the field \"url\" twice"),
                        new RowViolation(8, 6, "labels.server", "is given twice"),
                        new RowViolation(
                                8,
                                6,
                                "url",
                                "is the same site as the one on line 2 once normalized (https://a.example)"));
        assertThat(upload.sites()).extracting(Site::key).containsExactly("https://a.example", "https://g.example");
    }

    @Test
    void refusesJsonThatIsNotAnArrayOrIsBroken() {
        assertThat(json("{\"url\": \"https://a.example\"}").violations())
                .containsExactly(new RowViolation(1, null, "body", "must be a JSON array of sites"));
        assertThat(json("[{\"url\": \"https://a.example\"}] []").violations())
                .containsExactly(new RowViolation(1, null, "body", "has content after the JSON array"));
        assertThat(json("[\n{\"url\": \"https://a.example\"},\n{\"url\": }]").violations())
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.line()).isEqualTo(3);
                    assertThat(v.message()).startsWith("is not valid JSON: Unexpected character ('}'");
                });
    }

    @Test
    void passesOnAFailureToReadTheBodyItself() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw new IOException("connection reset");
            }
        };

        assertThatThrownBy(() -> SiteUploads.readCsv(broken, UploadLimits.DEFAULTS))
                .isInstanceOf(UncheckedIOException.class);
    }
}
