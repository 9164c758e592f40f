package dev.downtime.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.alerts.TestAlerts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Prometheus rules and the Grafana dashboard under deploy/ name only metrics the service
 * exposes: a renamed or removed metric fails here, not silently in production. (promtool checks
 * the rules themselves, in .ci/run and the GitHub workflow.)
 */
// With an alert channel, as a deployment the alert rules are for has: the delivery metrics exist
// per channel.
@Import(TestAlerts.OneChannel.class)
class MonitoringFilesTest extends PostgresIntegrationTest {

    static final Path RULES = Path.of("deploy/prometheus/alerts.yml");
    static final Path DASHBOARD = Path.of("deploy/grafana/downtime-receiver.json");

    /** A metric of ours, the JVM's, HTTP's or the pool's, as PromQL names it. */
    static final Pattern METRIC = Pattern.compile("\\b((?:receiver|jvm|http_server|hikaricp|process)_[a-z0-9_]+)\\b");

    Set<String> scraped() {
        // One request first, so that the HTTP server's series exist.
        assertThat(mvc.get().uri("/api/v1/audit").header("Authorization", bearer()))
                .hasStatusOk();
        String scrape = body(mvc.get().uri("/actuator/prometheus").exchange());
        return scrape.lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0])
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static Set<String> named(String expressions) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(expressions);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    static String ruleExpressions() throws Exception {
        return Files.readAllLines(RULES).stream()
                .map(String::strip)
                .filter(line -> line.startsWith("expr:"))
                .collect(Collectors.joining("\n"));
    }

    static String dashboardExpressions() throws Exception {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        return dashboard.findValues("expr").stream().map(JsonNode::asString).collect(Collectors.joining("\n"));
    }

    @Test
    void alertRulesNameOnlyMetricsTheServiceExposes() throws Exception {
        Set<String> named = named(ruleExpressions());

        assertThat(named)
                .contains(
                        "receiver_database_available",
                        "receiver_spool_depth",
                        "receiver_notifications_dropped_total",
                        "receiver_alerts_attempts_total",
                        "receiver_webhook_refused_total",
                        "receiver_maintenance_index_age_seconds");
        assertThat(scraped()).containsAll(named);
    }

    @Test
    void dashboardNamesOnlyMetricsTheServiceExposes() throws Exception {
        Set<String> named = named(dashboardExpressions());

        assertThat(named).hasSizeGreaterThan(10);
        assertThat(scraped()).containsAll(named);
    }
}
