package dev.downtime.receiver.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.IntegrationTest;
import dev.downtime.receiver.PostgresIntegrationTest;
import dev.downtime.receiver.alerts.grouping.GroupChannel;
import dev.downtime.receiver.alerts.grouping.GroupingProperties;
import dev.downtime.receiver.incidents.Incidents;
import dev.downtime.receiver.incidents.IncidentsChanged;
import dev.downtime.receiver.sites.Inventory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/** {@code group-by=label:server}: sites group by the inventory's label, as it is when they go down. */
@Import(TestAlerts.OneChannel.class)
@TestPropertySource(properties = {"receiver.alerts.recovery=always", "receiver.alerts.dispatch-interval=1h"})
class LabelGroupingTest extends PostgresIntegrationTest {

    @Autowired
    AlertGroups groups;

    @Autowired
    Incidents incidents;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    List<GroupChannel> channels;

    @Autowired
    AlertsProperties properties;

    @Autowired
    Inventory inventory;

    Alerts groupedByServer() {
        return new Alerts(
                groups,
                incidents,
                transaction,
                channels,
                new GroupingProperties(
                        "label:server",
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(5),
                        Duration.ofHours(4),
                        false,
                        null),
                properties,
                clock,
                new SimpleMeterRegistry(),
                inventory);
    }

    void site(String url, String labels) {
        var now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        jdbc.sql("""
                        INSERT INTO site (id, url, labels, created_at, updated_at)
                        VALUES (:id, :url, CAST(:labels AS jsonb), :now, :now)
                        """)
                .param("id", UUID.randomUUID())
                .param("url", url)
                .param("labels", labels)
                .param("now", now)
                .update();
    }

    static IncidentsChanged.Change down(String url, int second) {
        return new IncidentsChanged.Opened(
                UUID.randomUUID(), url, "example", IntegrationTest.T0.plusSeconds(second), 503, false);
    }

    @Test
    void groupsSitesByTheirInventoryLabelAndSitesWithoutItTogether() {
        site("http://a.test", "{\"server\": \"web-1\"}");
        site("http://b.test", "{\"server\": \"web-1\"}");
        site("http://c.test", "{\"server\": \"web-2\"}");
        inventory.refresh();
        Alerts alerts = groupedByServer();

        transaction.executeWithoutResult(status -> alerts.changed(List.of(
                down("http://a.test", 0),
                down("http://b.test", 1),
                down("http://c.test", 2),
                down("http://unknown.test", 3))));

        assertThat(jdbc.sql("SELECT group_key || ' ' || url FROM alert_group_site ORDER BY group_key, url")
                        .query(String.class)
                        .list())
                .containsExactly(
                        "label:server= http://unknown.test",
                        "label:server=web-1 http://a.test",
                        "label:server=web-1 http://b.test",
                        "label:server=web-2 http://c.test");

        // The label changes mid-outage: the recovery still finds the group the outage is in.
        jdbc.sql("UPDATE site SET labels = '{\"server\": \"web-9\"}' WHERE url = 'http://a.test'")
                .update();
        inventory.refresh();
        transaction.executeWithoutResult(status -> alerts.changed(List.of(new IncidentsChanged.Closed(
                UUID.randomUUID(), "http://a.test", IntegrationTest.T0.plusSeconds(120), false, null))));
        assertThat(jdbc.sql(
                                "SELECT group_key FROM alert_group_site WHERE url = 'http://a.test' AND back_at IS NOT NULL")
                        .query(String.class)
                        .list())
                .containsExactly("label:server=web-1");
    }
}
