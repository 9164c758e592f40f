package dev.downtime.receiver.sites;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.IntegrationTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** {@code ?dryRun=true} on a window: what it would cover, and nothing stored. */
class WindowPreviewTest extends InventoryIntegrationTest {

    static final String WINDOWS = "/api/v1/maintenance-windows";

    MvcTestResult preview(String scope, String target) {
        return mvc.post()
                .uri(WINDOWS + "?dryRun=true")
                .header("Authorization", bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"scope":"%s","target":"%s","endsAt":"2026-03-01T14:00:00Z"}""".formatted(scope, target))
                .exchange();
    }

    @Test
    void countsTheInventorySitesASelectorMatchesAndListsTheFirstHundred() {
        StringBuilder csv = new StringBuilder("url,server\n");
        for (int i = 0; i < 150; i++) {
            csv.append("https://s").append(1000 + i).append(".example,web-42\n");
        }
        csv.append("https://other.example,web-43\n");
        upload(csv.toString());

        MvcTestResult result = preview("selector", "server=web-42");

        assertThat(result).hasStatusOk();
        String body = body(result);
        assertThat(JsonPath.<Integer>read(body, "$.sites.count")).isEqualTo(150);
        List<String> first = JsonPath.read(body, "$.sites.first");
        assertThat(first).hasSize(100).startsWith("https://s1000.example").isSorted();
        assertThat(JsonPath.<Object>read(body, "$.reported")).isNull();
        assertThat(JsonPath.<String>read(body, "$.window.target")).isEqualTo("server=web-42");
        assertThat(count("maintenance_window")).isZero();
    }

    @Test
    void listsTheUrlsReportedInTheLast30DaysThatADomainWindowWouldMatch() {
        clock.set(IntegrationTest.T0.minus(Duration.ofDays(31)));
        postWebhook("{\"url\":\"https://old.example.com\",\"code\":503}");
        clock.set(IntegrationTest.T0);
        postWebhook("{\"url\":\"https://a.example.com/shop\",\"code\":503}");
        postWebhook("{\"url\":\"https://b.example.com\",\"code\":503}");
        postWebhook("{\"url\":\"https://example.com\",\"code\":503}");
        postWebhook("{\"url\":\"https://other.test\",\"code\":503}");
        upload("url,server\nhttps://a.example.com/shop,web-1\nhttps://c.example.com,web-2\n");

        String body = body(preview("domain", "*.example.com"));

        assertThat(JsonPath.<List<String>>read(body, "$.sites.first"))
                .containsExactly("https://a.example.com/shop", "https://c.example.com");
        assertThat(JsonPath.<List<String>>read(body, "$.reported.first"))
                .containsExactlyInAnyOrder("https://a.example.com/shop", "https://b.example.com");
        assertThat(JsonPath.<Integer>read(body, "$.reported.count")).isEqualTo(2);
    }

    @Test
    void listsTheUrlsReportedUnderTheHostSlugOfAHostWindow() {
        postWebhook("{\"url\":\"https://a.example\",\"code\":503,\"host\":\"BigHost\"}");
        postWebhook("{\"url\":\"https://b.example\",\"code\":503,\"host\":\"other\"}");

        assertThat(preview("host", "bighost"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.reported.first")
                .isEqualTo(List.of("https://a.example"));
    }

    @Test
    void previewsAChangeWithoutMakingIt() {
        upload("url,server\nhttps://a.example,web-1\n");
        MvcTestResult created = mvc.post()
                .uri(WINDOWS)
                .header("Authorization", bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"scope\":\"url\",\"target\":\"https://b.example\",\"endsAt\":\"2026-03-01T14:00:00Z\"}")
                .exchange();
        String id = JsonPath.read(body(created), "$.id");

        MvcTestResult result = mvc.put()
                .uri(WINDOWS + "/" + id + "?dryRun=true")
                .header("Authorization", bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"scope\":\"selector\",\"target\":\"server=web-1\",\"endsAt\":\"2026-03-01T14:00:00Z\"}")
                .exchange();

        assertThat(result)
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.sites.first")
                .isEqualTo(List.of("https://a.example"));
        assertThat(jdbc.sql("SELECT scope FROM maintenance_window")
                        .query(String.class)
                        .single())
                .isEqualTo("url");
    }

    @Test
    void refusesAnInvalidWindowAsCreatingItWould() {
        assertThat(preview("selector", "server=~("))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.errors[0].field")
                .isEqualTo("target");
    }
}
