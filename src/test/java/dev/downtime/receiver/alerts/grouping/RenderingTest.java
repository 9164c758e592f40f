package dev.downtime.receiver.alerts.grouping;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Each channel's rendering of a group's message, and its escaping of what came from outside. */
class RenderingTest {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final URI BASE = URI.create("https://receiver.example/");
    static final String CHANNEL = "https://evil.example/<!channel>";
    static final String CRLF = "https://evil.example/a\r\nBcc: victim@example.com";
    static final String RTL = "https://evil.example/\u202Egnp.exe";
    static final GroupKey CRAFTED_GROUP = new GroupKey("label:server", "<!here>\r\nSubject: x \u202E");

    static GroupMessage.Site down(String url, int minute, boolean confirmed) {
        return new GroupMessage.Site(
                url, "h1", T0.plusSeconds(60L * minute), confirmed ? T0.plusSeconds(60L * minute + 20) : null, null);
    }

    static GroupMessage.Site back(String url, int minute) {
        return new GroupMessage.Site(url, "h1", T0, null, T0.plusSeconds(60L * minute));
    }

    static GroupMessage message(
            GroupMessage.Kind kind,
            GroupKey group,
            List<GroupMessage.Site> down,
            List<GroupMessage.Site> fresh,
            List<GroupMessage.Site> back) {
        return new GroupMessage(
                group,
                kind,
                2,
                T0.plusSeconds(330),
                T0,
                down,
                fresh,
                back,
                down.size(),
                (int) down.stream().filter(GroupMessage.Site::confirmed).count(),
                fresh.size(),
                back.size(),
                "/api/v1/incidents?state=open&host=h1&since=2026-11-25T10%3A00%3A00Z");
    }

    static GroupMessage crafted() {
        List<GroupMessage.Site> down = List.of(down(CHANNEL, 0, true), down(CRLF, 1, false), down(RTL, 2, false));
        return message(
                GroupMessage.Kind.UPDATED,
                CRAFTED_GROUP,
                down,
                List.of(down.get(2)),
                List.of(back("https://b.example/<b>&amp;", 4)));
    }

    @Test
    void slackShowsAnUpdateWithCountsListsAndTheIncidentsLink() {
        GroupKey host = new GroupKey("host", "h1");
        List<GroupMessage.Site> down = List.of(down("https://a.example", 0, true), down("https://c.example", 3, false));
        String text = SlackText.text(
                message(
                        GroupMessage.Kind.UPDATED,
                        host,
                        down,
                        List.of(down.get(1)),
                        List.of(back("https://b.example", 4))),
                BASE);
        assertThat(text).isEqualTo("""
                :warning: *2 sites down, 1 confirmed by our own checks — host h1 (1 newly down, 1 back)*
                Down:
                • https://a.example down since 2026-11-25 10:00:00Z, confirmed
                • https://c.example down since 2026-11-25 10:03:00Z (new)
                Back:
                • https://b.example back since 2026-11-25 10:04:00Z, down since 2026-11-25 10:00:00Z
                <https://receiver.example/api/v1/incidents?state=open&amp;host=h1&amp;since=2026-11-25T10%3A00%3A00Z|Incidents>""");
    }

    @Test
    void slackEscapesWhatCameFromOutsideSoItCanNeitherMentionNorLinkNorBreakLines() {
        String text = SlackText.text(crafted(), null);
        assertThat(text)
                .doesNotContain("<!channel>", "<!here>", "\r", "\u202E", "<b>")
                .contains("https://evil.example/&lt;!channel&gt;")
                .contains("https://evil.example/a[U+000D][U+000A]Bcc: victim@example.com")
                .contains("https://evil.example/[U+202E]gnp.exe")
                .contains("server &lt;!here&gt;[U+000D][U+000A]Subject: x [U+202E]")
                .contains("https://b.example/&lt;b&gt;&amp;amp;")
                .contains("Incidents: /api/v1/incidents?state=open&amp;host=h1");
        assertThat(text.lines())
                .allMatch(line -> line.startsWith(":warning: *")
                        || line.startsWith("• ")
                        || line.equals("Down:")
                        || line.equals("Back:")
                        || line.startsWith("Incidents: "));
        assertThat(text.chars().filter(c -> c == '<' || c == '>'))
                .as("no markup of Slack's but ours")
                .isEmpty();
    }

    @Test
    void emailHasAOneLineSubjectAndABodyWhoseLinesAreAllOurs() {
        GroupMessage message = crafted();
        String subject = EmailText.subject(message);
        String body = EmailText.body(message, BASE);

        assertThat(subject)
                .isEqualTo("[downtime-receiver] 3 sites down, 1 confirmed by our own checks — server"
                        + " <!here>[U+000D][U+000A]Subject: x [U+202E] (1 newly down, 1 back)")
                .doesNotContain("\r", "\n");
        assertThat(body)
                .doesNotContain("\r", "\u202E")
                .contains("  https://evil.example/a[U+000D][U+000A]Bcc: victim@example.com down since")
                .contains("  https://evil.example/<!channel> down since 2026-11-25 10:00:00Z, confirmed")
                .contains("Incidents: https://receiver.example/api/v1/incidents?state=open&host=h1&since=");
        assertThat(body.lines())
                .allMatch(line -> line.isEmpty()
                        || line.startsWith("  https://")
                        || line.startsWith("3 sites down")
                        || line.equals("Down:")
                        || line.equals("Back:")
                        || line.startsWith("Incidents: ")
                        || line.startsWith("Group: "));
    }

    @Test
    void emailSaysWhenEverySiteIsBack() {
        GroupMessage message = message(
                GroupMessage.Kind.RESOLVED,
                new GroupKey("domain", "example.co.uk"),
                List.of(),
                List.of(),
                List.of(back("https://www.example.co.uk", 7)));
        assertThat(EmailText.subject(message))
                .isEqualTo("[downtime-receiver] All back — domain example.co.uk (1 site back)");
        assertThat(EmailText.body(message, null)).isEqualTo("""
                All back — domain example.co.uk (1 site back)

                Back:
                  https://www.example.co.uk back since 2026-11-25 10:07:00Z, down since 2026-11-25 10:00:00Z

                Incidents: /api/v1/incidents?state=open&host=h1&since=2026-11-25T10%3A00%3A00Z
                Group: domain=example.co.uk, message 2, first alert 2026-11-25 10:00:00Z, sent 2026-11-25 10:05:30Z
                """);
    }

    @ParameterizedTest(name = "{0} sites")
    @CsvSource({"19, 19, ''", "20, 20, ''", "21, 20, and 1 more", "3000, 20, and 2980 more"})
    void listsTheFirstTwentySitesThenCountsTheRest(int sites, int listed, String more) {
        List<GroupMessage.Site> down = IntStream.range(0, sites)
                .mapToObj(i -> down("https://s" + i + ".example", 0, false))
                .toList();
        GroupMessage message = message(GroupMessage.Kind.OPENED, new GroupKey("none", ""), down, down, List.of());
        String slack = SlackText.text(message, BASE);
        String email = EmailText.body(message, BASE);
        assertThat(slack.lines().filter(line -> line.startsWith("• https://"))).hasSize(listed);
        assertThat(email.lines().filter(line -> line.startsWith("  https://"))).hasSize(listed);
        if (more.isEmpty()) {
            assertThat(slack).doesNotContain("more");
        } else {
            assertThat(slack.lines()).contains("• " + more);
            assertThat(email.lines()).contains("  " + more);
        }
        assertThat(slack)
                .startsWith(":rotating_light: *" + MessageText.sites(sites)
                        + " down, 0 confirmed by our own checks — all sites*");
    }

    @Test
    void countsTheSitesAMessageDoesNotList() {
        // A group larger than listed-sites: its message lists the first of each kind and counts all.
        List<GroupMessage.Site> down = IntStream.range(0, 5)
                .mapToObj(i -> down("https://s" + i + ".example", i, false))
                .toList();
        List<GroupMessage.Site> back = List.of(back("https://b0.example", 4), back("https://b1.example", 5));
        GroupMessage message = new GroupMessage(
                new GroupKey("none", ""),
                GroupMessage.Kind.UPDATED,
                2,
                T0.plusSeconds(330),
                T0,
                down,
                down,
                back,
                1200,
                7,
                900,
                300,
                "/api/v1/incidents?state=open");

        String slack = SlackText.text(message, BASE);
        assertThat(slack)
                .startsWith(":warning: *1200 sites down, 7 confirmed by our own checks — all sites"
                        + " (900 newly down, 300 back)*");
        assertThat(slack.lines()).contains("• and 1195 more", "• and 298 more");
        assertThat(EmailText.body(message, BASE).lines()).contains("  and 1195 more", "  and 298 more");
        ObjectNode webhook = WebhookBody.of(UUID.randomUUID(), message, BASE);
        assertThat(webhook.get("down").asInt()).isEqualTo(1200);
        assertThat(webhook.get("confirmed").asInt()).isEqualTo(7);
        assertThat(webhook.get("newlyDownCount").asInt()).isEqualTo(900);
        assertThat(webhook.get("backCount").asInt()).isEqualTo(300);
        assertThat(webhook.get("sitesDown")).hasSize(5);
        assertThat(webhook.get("back")).hasSize(2);
        JsonNode details =
                PagerDutyEvent.of(message, "key", BASE).get("payload").get("custom_details");
        assertThat(details.get("down").asInt()).isEqualTo(1200);
        assertThat(details.get("newly_down").asInt()).isEqualTo(900);
        assertThat(details.get("back").asInt()).isEqualTo(300);
        assertThat(details.get("sites_down")).hasSize(5);
        assertThat(details.get("sites_down_not_listed").asInt()).isEqualTo(1195);
        assertThat(details.get("sites_back_not_listed").asInt()).isEqualTo(298);
    }

    @Test
    void cutsVeryLongUrlsInTextButNotInTheWebhooksData() {
        String url = "https://long.example/" + "x".repeat(4000);
        GroupMessage message = message(
                GroupMessage.Kind.OPENED, new GroupKey("none", ""), List.of(down(url, 0, false)), List.of(), List.of());
        assertThat(SlackText.text(message, BASE)).contains("x…").hasSizeLessThan(800);
        assertThat(WebhookBody.of(UUID.randomUUID(), message, BASE)
                        .get("sitesDown")
                        .get(0)
                        .get("url")
                        .asString())
                .isEqualTo(url);
    }

    @Test
    void webhookCarriesEverySiteAsDataExactly() {
        List<GroupMessage.Site> down =
                new ArrayList<>(List.of(down(CHANNEL, 0, true), down(CRLF, 1, false), down(RTL, 2, false)));
        IntStream.range(0, 30).forEach(i -> down.add(down("https://s" + i + ".example", 3, false)));
        GroupMessage message = message(
                GroupMessage.Kind.UPDATED,
                CRAFTED_GROUP,
                down,
                List.of(down.get(2)),
                List.of(back("https://b.example", 4)));
        UUID id = UUID.fromString("6f1c1d4e-3f6f-3b9e-9a55-000000000001");

        JsonMapper json = JsonMapper.builder().build();
        JsonNode body = json.readTree(json.writeValueAsString(WebhookBody.of(id, message, BASE)));

        assertThat(body.get("id").asString()).isEqualTo(id.toString());
        assertThat(body.get("type").asString()).isEqualTo("alert-group.updated");
        assertThat(body.get("group").get("name").asString()).isEqualTo(CRAFTED_GROUP.name());
        assertThat(body.get("group").get("key").asString()).isEqualTo("label:server=" + CRAFTED_GROUP.name());
        assertThat(body.get("down").asInt()).isEqualTo(33);
        assertThat(body.get("confirmed").asInt()).isEqualTo(1);
        assertThat(body.get("sitesDown")).hasSize(33);
        assertThat(body.get("sitesDown").get(0).get("url").asString()).isEqualTo(CHANNEL);
        assertThat(body.get("sitesDown").get(1).get("url").asString()).isEqualTo(CRLF);
        assertThat(body.get("sitesDown").get(2).get("url").asString()).isEqualTo(RTL);
        assertThat(body.get("sitesDown").get(1).get("confirmedAt").isNull()).isTrue();
        assertThat(body.get("sitesDown").get(0).get("confirmedAt").asString()).isEqualTo("2026-11-25T10:00:20Z");
        assertThat(body.get("newlyDown").get(0).asString()).isEqualTo(RTL);
        assertThat(body.get("back").get(0).get("backAt").asString()).isEqualTo("2026-11-25T10:04:00Z");
        assertThat(body.get("incidents").asString())
                .isEqualTo(
                        "https://receiver.example/api/v1/incidents?state=open&host=h1&since=2026-11-25T10%3A00%3A00Z");
    }
}
