package dev.downtime.receiver.sites;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

class SiteInventoryApiTest extends InventoryIntegrationTest {

    static final String SITES = "/api/v1/sites";
    static final MediaType CSV = MediaType.parseMediaType("text/csv");

    MvcTestResult put(String query, MediaType type, String body) {
        return mvc.put()
                .uri(SITES + query)
                .header("Authorization", bearer())
                .contentType(type)
                .content(body)
                .exchange();
    }

    MvcTestResult get(String uri) {
        return mvc.get().uri(uri).header("Authorization", bearer()).exchange();
    }

    static final String TWO_SITES = """
            [{"url": "https://a.example", "host": "slug", "labels": {"server": "web-42", "plan": "business"}},
             {"url": "https://b.example/shop", "labels": {"server": "web-43"}}]""";

    @Test
    void upsertsJsonAndAnswersLabelsFromMemoryOnceCommitted() {
        assertThat(put("", MediaType.APPLICATION_JSON, TWO_SITES))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.added[*].url")
                .isEqualTo(List.of("https://a.example", "https://b.example/shop"));

        assertThat(inventory.labelsOf("https://a.example").asMap())
                .isEqualTo(Map.of("server", "web-42", "plan", "business"));
        assertThat(inventory.labelsOf("https://unknown.example/").isEmpty()).isTrue();
        assertThat(count("site")).isEqualTo(2);
    }

    @Test
    void uploadingTheSameSitesAgainChangesNothing() {
        put("", MediaType.APPLICATION_JSON, TWO_SITES);
        long version = jdbc.sql("SELECT version FROM site_inventory_version")
                .query(Long.class)
                .single();

        assertThat(put("", MediaType.APPLICATION_JSON, TWO_SITES))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.unchanged")
                .isEqualTo(2);
        assertThat(jdbc.sql("SELECT version FROM site_inventory_version")
                        .query(Long.class)
                        .single())
                .isEqualTo(version);
    }

    @Test
    void dryRunAnswersTheDiffAndChangesNothing() {
        put("", MediaType.APPLICATION_JSON, TWO_SITES);
        String csv = """
                url,host,server
                https://a.example,slug,web-44
                https://c.example,,web-42
                """;

        MvcTestResult result = put("?dryRun=true&prune=true", CSV, csv);

        assertThat(result).hasStatusOk();
        String body = body(result);
        assertThat(JsonPath.<Boolean>read(body, "$.dryRun")).isTrue();
        assertThat(JsonPath.<List<String>>read(body, "$.added[*].url")).containsExactly("https://c.example");
        assertThat(JsonPath.<Map<String, String>>read(body, "$.changed[0].before.labels"))
                .isEqualTo(Map.of("server", "web-42", "plan", "business"));
        assertThat(JsonPath.<Map<String, String>>read(body, "$.changed[0].after.labels"))
                .isEqualTo(Map.of("server", "web-44"));
        assertThat(JsonPath.<List<String>>read(body, "$.removed[*].url")).containsExactly("https://b.example/shop");
        assertThat(JsonPath.<Integer>read(body, "$.unchanged")).isZero();
        assertThat(inventory.labelsOf("https://a.example").get("server")).isEqualTo("web-42");
        assertThat(count("site")).isEqualTo(2);
    }

    @Test
    void pruneRemovesTheSitesTheUploadLacks() {
        put("", MediaType.APPLICATION_JSON, TWO_SITES);

        assertThat(put("?prune=true", CSV, "url,server\nhttps://a.example,web-1\n"))
                .hasStatusOk();

        assertThat(inventory.sites()).extracting(Site::key).containsExactly("https://a.example");
        assertThat(inventory.labelsOf("https://a.example").get("server")).isEqualTo("web-1");
    }

    @Test
    void refusesAWholeCsvForOneBadRowNamingItsLine() {
        String csv = """
                url,host,server
                https://a.example,slug,web-42
                ftp://b.example,,web-42
                https://c.example,,web-42
                """;

        MvcTestResult result = put("", CSV, csv);

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(JsonPath.<Integer>read(body(result), "$.errors[0].line")).isEqualTo(3);
        assertThat(JsonPath.<String>read(body(result), "$.errors[0].field")).isEqualTo("url");
        assertThat(JsonPath.<String>read(body(result), "$.detail")).startsWith("line 3: url");
        assertThat(count("site")).isZero();
    }

    @Test
    void listsTheSitesASelectorMatchesPageByPage() {
        put("", MediaType.APPLICATION_JSON, TWO_SITES);

        assertThat(mvc.get()
                        .uri(SITES)
                        .param("selector", "server=~web-4.,plan!=vip")
                        .param("size", "1")
                        .param("page", "1")
                        .header("Authorization", bearer())
                        .exchange())
                .hasStatusOk()
                .bodyJson()
                .satisfies(json -> {
                    assertThat(json).extractingPath("$.items[*].url").isEqualTo(List.of("https://b.example/shop"));
                    assertThat(json).extractingPath("$.totalItems").isEqualTo(2);
                });
        assertThat(mvc.get()
                        .uri(SITES)
                        .param("selector", "server=~web-(")
                        .header("Authorization", bearer())
                        .exchange())
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.errors[0].field")
                .isEqualTo("selector");
    }

    @Test
    void getsAndDeletesOneSiteByItsUrl() {
        put("", MediaType.APPLICATION_JSON, TWO_SITES);
        long audited = count("audit_event WHERE action = 'site.deleted'");

        assertThat(get(SITES + "/https://b.example/shop"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.labels.server")
                .isEqualTo("web-43");
        assertThat(mvc.delete()
                        .uri(SITES + "/https://b.example/shop")
                        .header("Authorization", bearer())
                        .exchange())
                .hasStatus(HttpStatus.NO_CONTENT);
        assertThat(get(SITES + "/https://b.example/shop")).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(inventory.contains("https://b.example/shop")).isFalse();
        assertThat(count("audit_event WHERE action = 'site.deleted'")).isEqualTo(audited + 1);
    }

    @Test
    void findsASiteByItsUrlOverRealHttp() {
        put("", MediaType.APPLICATION_JSON, """
                [{"url": "https://b.example/shop?page=1", "labels": {"server": "web-43"}}]""");

        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + SITES + "/https://b.example/shop%3Fpage=1"))
                .header("Authorization", bearer())
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(response.body(), "$.url")).isEqualTo("https://b.example/shop?page=1");
    }

    @Test
    void exportsCsvThatUploadsBackUnchanged() {
        put("", MediaType.APPLICATION_JSON, TWO_SITES);

        MvcTestResult export = mvc.get()
                .uri(SITES + "/export")
                .header("Authorization", bearer())
                .accept(CSV)
                .exchange();

        assertThat(export).hasStatusOk();
        assertThat(body(export)).startsWith("url,host,plan,server\r\nhttps://a.example,slug,business,web-42\r\n");
        assertThat(put("?prune=true", CSV, body(export)))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.unchanged")
                .isEqualTo(2);
        assertThat(get(SITES + "/export"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$[1].labels.server")
                .isEqualTo("web-43");
    }

    @Test
    void takesUploadsLargerThanTheRestOfTheAdminApi() {
        StringBuilder csv = new StringBuilder("url,server\n");
        for (int i = 0; i < 4000; i++) {
            csv.append("https://site-")
                    .append(i)
                    .append(".example,web-")
                    .append(i % 100)
                    .append('\n');
        }
        assertThat(csv.length()).isGreaterThan(64 * 1024);

        assertThat(put("", CSV, csv.toString())).hasStatusOk();
        assertThat(inventory.size()).isEqualTo(4000);
        assertThat(mvc.post()
                        .uri("/api/v1/maintenance-windows")
                        .header("Authorization", bearer())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"" + "x".repeat(70_000) + "\"}")
                        .exchange())
                .hasStatus(HttpStatus.CONTENT_TOO_LARGE);
    }

    @Test
    void listsTheUrlsMonitorReportedThatTheInventoryLacks() {
        put("", MediaType.APPLICATION_JSON, TWO_SITES);
        postWebhook("{\"url\":\"https://a.example\",\"code\":503}");
        postWebhook("{\"url\":\"https://missing.example\",\"code\":503,\"host\":\"slug\"}");

        assertThat(get(SITES + "?reported=unknown")).hasStatusOk().bodyJson().satisfies(json -> {
            assertThat(json).extractingPath("$.items[*].url").isEqualTo(List.of("https://missing.example"));
            assertThat(json).extractingPath("$.items[0].host").isEqualTo("slug");
        });
    }

    @Test
    void letsViewersReadAndOnlyEditorsWrite() {
        MvcTestResult issued = mvc.post()
                .uri("/api/v1/tokens")
                .header("Authorization", bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"site-viewer\",\"role\":\"viewer\"}")
                .exchange();
        String viewer = "Bearer " + JsonPath.<String>read(body(issued), "$.token");
        put("", MediaType.APPLICATION_JSON, TWO_SITES);

        assertThat(mvc.get().uri(SITES).header("Authorization", viewer).exchange())
                .hasStatusOk();
        assertThat(mvc.get()
                        .uri(SITES + "/https://a.example")
                        .header("Authorization", viewer)
                        .exchange())
                .hasStatusOk();
        assertThat(mvc.put()
                        .uri(SITES)
                        .header("Authorization", viewer)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(TWO_SITES)
                        .exchange())
                .hasStatus(HttpStatus.FORBIDDEN);
        assertThat(mvc.delete()
                        .uri(SITES + "/https://a.example")
                        .header("Authorization", viewer)
                        .exchange())
                .hasStatus(HttpStatus.FORBIDDEN);
        jdbc.sql("DELETE FROM admin_token WHERE name = 'site-viewer'").update();
    }

    @Test
    void answersBadInputWithAProblemNamingTheField() {
        assertThat(get(SITES + "/ftp://a.example"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.errors[0].field")
                .isEqualTo("url");
        assertThat(get(SITES + "?reported=known"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.errors[0].field")
                .isEqualTo("reported");
        assertThat(get(SITES + "?size=0")).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(put("", MediaType.APPLICATION_JSON, "{\"url\": \"https://a.example\"}"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.errors[0].field")
                .isEqualTo("body");
        assertThat(mvc.put()
                        .uri(SITES)
                        .header("Authorization", bearer())
                        .contentType(MediaType.APPLICATION_XML)
                        .content("<sites/>")
                        .exchange())
                .hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }
}
