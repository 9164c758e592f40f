package dev.downtime.receiver.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.downtime.receiver.IntegrationTest;
import dev.downtime.receiver.PostgresIntegrationTest;
import dev.downtime.receiver.alerts.grouping.AlertFact;
import dev.downtime.receiver.alerts.grouping.GroupChannel;
import dev.downtime.receiver.alerts.grouping.GroupKey;
import dev.downtime.receiver.alerts.grouping.GroupingEngine;
import dev.downtime.receiver.alerts.grouping.GroupingPolicy;
import dev.downtime.receiver.alerts.grouping.GroupingProperties;
import dev.downtime.receiver.incidents.Incidents;
import dev.downtime.receiver.incidents.IncidentsChanged;
import dev.downtime.receiver.sites.Inventory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The alerts module's grouping on PostgreSQL, stepped by the test (the jobs stay idle). A group's
 * state lives in the database, so an instance that restarts mid-group (or a second one) carries on
 * where the first left: each "restart" here is a new {@link Alerts} on the same database, with
 * nothing in memory.
 */
@Import(TestAlerts.OneChannel.class)
@TestPropertySource(properties = {"receiver.alerts.recovery=always", "receiver.alerts.dispatch-interval=1h"})
class GroupedAlertsTest extends PostgresIntegrationTest {

    static final GroupKey GROUP = new GroupKey("host", "dc-a");

    @Autowired
    AlertGroups groups;

    @Autowired
    Incidents incidents;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    List<GroupChannel> channels;

    @Autowired
    GroupingProperties grouping;

    @Autowired
    AlertsProperties properties;

    @Autowired
    Inventory inventory;

    /** An instance just started: nothing but its configuration. */
    Alerts restarted() {
        return alerts(grouping);
    }

    Alerts alerts(GroupingProperties grouping) {
        return new Alerts(
                groups,
                incidents,
                transaction,
                channels,
                grouping,
                properties,
                clock,
                new SimpleMeterRegistry(),
                inventory);
    }

    static final List<IncidentsChanged.Change> FIVE_DOWN = IntStream.range(0, 5)
            .<IncidentsChanged.Change>mapToObj(i -> new IncidentsChanged.Opened(
                    UUID.nameUUIDFromBytes(new byte[] {(byte) i}),
                    "http://site" + i + ".test",
                    "dc-a",
                    IntegrationTest.T0.plusSeconds(i),
                    503,
                    false))
            .toList();

    void apply(Alerts alerts, List<IncidentsChanged.Change> changes) {
        transaction.executeWithoutResult(status -> alerts.changed(changes));
    }

    List<UUID> outbox() {
        return jdbc.sql("SELECT id FROM alert ORDER BY created_at, sequence")
                .query(UUID.class)
                .list();
    }

    String kinds() {
        return String.join(
                ",",
                jdbc.sql("SELECT message ->> 'kind' FROM alert ORDER BY created_at, sequence")
                        .query(String.class)
                        .list());
    }

    @Test
    void aRestartMidGroupLosesAndDuplicatesNothing() {
        apply(restarted(), FIVE_DOWN);
        String stateBefore = jdbc.sql("SELECT string_agg(url || changed_at, ',' ORDER BY url) FROM alert_group_site")
                .query(String.class)
                .single();

        // After a restart the registry hands the same event over again: nothing changes.
        apply(restarted(), FIVE_DOWN);
        assertThat(jdbc.sql("SELECT string_agg(url || changed_at, ',' ORDER BY url) FROM alert_group_site")
                        .query(String.class)
                        .single())
                .isEqualTo(stateBefore);

        // group-wait later, an instance steps the group and dies before committing.
        clock.set(IntegrationTest.T0.plusSeconds(30));
        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
                    restarted().stepDue();
                    throw new IllegalStateException("killed");
                }))
                .hasMessage("killed");
        assertThat(outbox()).isEmpty();

        // The next instance emits the opening, once, whoever else steps too.
        assertThat(restarted().stepDue()).isEqualTo(1);
        assertThat(restarted().stepDue()).isZero();
        assertThat(outbox()).hasSize(1);

        // Exactly what an uninterrupted run would have sent: same message, same id.
        GroupingEngine.Step uninterrupted = new GroupingEngine(GroupingPolicy.of(grouping, List.of("test")))
                .step(
                        GROUP,
                        null,
                        FIVE_DOWN.stream()
                                .map(change -> (IncidentsChanged.Opened) change)
                                .<AlertFact>map(opened ->
                                        new AlertFact.SiteDown(GROUP, opened.url(), opened.host(), opened.openedAt()))
                                .toList(),
                        IntegrationTest.T0.plusSeconds(30));
        assertThat(outbox()).containsExactly(uninterrupted.outgoing().getFirst().id());

        // All back, learnt by one instance, resolved by another: one resolution listing all five.
        Instant back = IntegrationTest.T0.plus(Duration.ofMinutes(10));
        apply(
                restarted(),
                FIVE_DOWN.stream()
                        .map(change -> (IncidentsChanged.Opened) change)
                        .<IncidentsChanged.Change>map(opened ->
                                new IncidentsChanged.Closed(opened.incident(), opened.url(), back, false, null))
                        .toList());
        clock.set(back.plusSeconds(30));
        assertThat(restarted().stepDue()).isEqualTo(1);
        assertThat(restarted().stepDue()).isZero();
        assertThat(kinds()).isEqualTo("OPENED,RESOLVED");
        assertThat(jdbc.sql(
                                "SELECT jsonb_array_length(message -> 'back') FROM alert WHERE message ->> 'kind' = 'RESOLVED'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(5);
    }

    @Test
    void aRecoveryHandledBeforeItsOutageStillTellsTheOutageFirst() {
        // The close of a long outage handled first (events of two folds, two instances); its
        // opening is looked up from the incident, so nothing is lost and the late opening changes nothing.
        Instant openedAt = IntegrationTest.T0;
        UUID incident = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO incident (id, normalized_url, host, opened_at, last_notified_at, notification_count,
                                              first_code, worst_code, last_code, closed_at)
                        VALUES (:id, 'http://late.test', 'dc-a', :at, :at, 2, 503, 503, 200, :closed)
                        """)
                .param("id", incident)
                .param("at", OffsetDateTime.ofInstant(openedAt, ZoneOffset.UTC))
                .param("closed", OffsetDateTime.ofInstant(openedAt.plusSeconds(120), ZoneOffset.UTC))
                .update();

        apply(
                restarted(),
                List.of(new IncidentsChanged.Closed(
                        incident, "http://late.test", openedAt.plusSeconds(120), false, null)));
        apply(
                restarted(),
                List.of(new IncidentsChanged.Opened(incident, "http://late.test", "dc-a", openedAt, 503, false)));

        clock.set(openedAt.plusSeconds(150));
        restarted().stepDue();
        assertThat(kinds()).isEqualTo("RESOLVED");
        assertThat(jdbc.sql("SELECT message -> 'back' -> 0 ->> 'url' FROM alert")
                        .query(String.class)
                        .single())
                .isEqualTo("http://late.test");
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
        Alerts alerts = alerts(new GroupingProperties(
                "label:server",
                Duration.ofSeconds(30),
                Duration.ofMinutes(5),
                Duration.ofHours(4),
                false,
                null,
                GroupingPolicy.LISTED_SITES));

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
