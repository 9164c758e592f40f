package dev.downtime.receiver.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.PostgresIntegrationTest;
import dev.downtime.receiver.alerts.grouping.GroupKey;
import dev.downtime.receiver.alerts.grouping.GroupState;
import dev.downtime.receiver.alerts.grouping.GroupingEngine;
import dev.downtime.receiver.alerts.grouping.PartialStepTest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A fact about a few sites of a large group reads those sites and a summary of the others: the
 * summary PostgreSQL makes is the engine's own ({@link GroupingEngine.Others#of}), and it costs a
 * few index pages however many sites the group has.
 */
class PartialGroupLoadTest extends PostgresIntegrationTest {

    static final GroupKey KEY = new GroupKey("host", "pool-7");
    static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @Autowired
    AlertGroups groups;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void summarisesTheOtherSitesAsTheEngineDoes() {
        for (int seed = 0; seed < 30; seed++) {
            jdbc.sql("DELETE FROM alert_group").update();
            Random random = new Random(seed);
            List<GroupState.Site> sites = new ArrayList<>();
            for (int i = 0, n = random.nextInt(12); i < n; i++) {
                sites.add(randomSite(random, "https://s" + i + ".test/"));
            }
            store(sites);
            Set<String> named = sites.stream()
                    .map(GroupState.Site::url)
                    .filter(url -> random.nextBoolean())
                    .collect(Collectors.toSet());
            named.add("https://not-in-the-group.test/");

            AlertGroups.Partly partly = transaction.execute(status -> groups.loadPartly(KEY, named));

            List<GroupState.Site> others =
                    sites.stream().filter(site -> !named.contains(site.url())).toList();
            assertThat(partly.others()).isEqualTo(GroupingEngine.Others.of(others));
            assertThat(partly.state().sites())
                    .containsExactlyInAnyOrderElementsOf(sites.stream()
                            .filter(site -> named.contains(site.url()))
                            .toList());
            assertThat(partly.state().sequence()).isEqualTo(3);
        }
    }

    @Test
    void countsAndListsTheOtherSitesAsTheEngineDoes() {
        for (int seed = 0; seed < 40; seed++) {
            jdbc.sql("DELETE FROM alert_group").update();
            Random random = new Random(seed);
            List<GroupState.Site> sites = new ArrayList<>();
            for (int i = 0, n = random.nextInt(30); i < n; i++) {
                // Few distinct instants, so that the order's later keys (then the URL) decide often.
                sites.add(randomSite(
                        random, "https://s" + random.nextInt(1000) + (i % 2 == 0 ? "é" : "") + ".test/" + i, 5));
            }
            store(sites);
            Set<String> named = sites.stream()
                    .map(GroupState.Site::url)
                    .filter(url -> random.nextInt(4) == 0)
                    .collect(Collectors.toSet());
            int limit = 1 + random.nextInt(6);

            GroupingEngine.Listed listed = transaction.execute(status -> groups.listOthers(KEY, named, limit));

            List<GroupState.Site> others =
                    sites.stream().filter(site -> !named.contains(site.url())).toList();
            assertThat(listed).isEqualTo(GroupingEngine.Listed.of(others, limit));
        }
    }

    @Test
    void listsUrlsInJavasOrderWhateverTheColumnsCollation() {
        // A server whose databases sort text by a locale (ICU's root here) orders "B" after "a";
        // Java, and so the engine, before it. Rolled back: the column keeps its collation.
        transaction.executeWithoutResult(status -> {
            jdbc.sql("ALTER TABLE alert_group_site ALTER COLUMN url TYPE text COLLATE \"und-x-icu\"")
                    .update();
            GroupState.Site down = randomSite(new Random(1), "https://x.test/");
            List<GroupState.Site> sites = new ArrayList<>();
            for (String url : List.of("https://b.test/", "https://B.test/", "https://a.test/", "https://A.test/")) {
                sites.add(new GroupState.Site(
                        url, null, down.downSince(), down.alertingSince(), null, null, false, false, T0));
            }
            store(sites);

            GroupingEngine.Listed listed = groups.listOthers(KEY, List.of(), 2);

            assertThat(listed).isEqualTo(GroupingEngine.Listed.of(sites, 2));
            assertThat(listed.firstDown())
                    .extracting(GroupState.Site::url)
                    .containsExactly("https://A.test/", "https://B.test/");
            status.setRollbackOnly();
        });
    }

    @Test
    void forgetsAndMarksTheOtherSitesAsTheEngineDoes() {
        for (int seed = 0; seed < 30; seed++) {
            jdbc.sql("DELETE FROM alert_group").update();
            Random random = new Random(seed);
            List<GroupState.Site> sites = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(20); i < n; i++) {
                sites.add(randomSite(random, "https://s" + i + ".test/"));
            }
            store(sites);
            List<GroupState.Site> given =
                    sites.stream().filter(site -> random.nextInt(3) == 0).toList();
            List<String> named = given.stream().map(GroupState.Site::url).toList();
            Instant backBy = T0.plusSeconds(random.nextInt(1200));
            GroupState before = new GroupState(KEY, T0, null, null, true, 3, given);

            transaction.executeWithoutResult(status -> {
                groups.forgetOthers(KEY, named, backBy);
                groups.save(KEY, before, new GroupingEngine.Step(before, List.of(), true), T0);
            });

            List<GroupState.Site> expected = new ArrayList<>(given);
            sites.stream()
                    .filter(site -> !named.contains(site.url()))
                    .filter(site -> !(site.gone() && !site.backAt().isAfter(backBy)))
                    .map(PartialStepTest::told)
                    .forEach(expected::add);
            GroupState stored = transaction
                    .execute(status -> groups.loadPartly(
                            KEY, sites.stream().map(GroupState.Site::url).toList()))
                    .state();
            assertThat(stored.sites()).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void aGroupWithNoStateHasNoOtherSites() {
        AlertGroups.Partly partly = transaction.execute(status -> groups.loadPartly(KEY, List.of("https://a.test/")));

        assertThat(partly.state()).isNull();
        assertThat(partly.others()).isEqualTo(GroupingEngine.Others.NONE);
    }

    @Test
    void readsAFewIndexPagesHoweverManySitesTheGroupHas() {
        // A mass outage's group before its first message: 20,000 sites down, each an untold change;
        // a few already back and told.
        store(List.of());
        jdbc.sql("""
                        INSERT INTO alert_group_site (group_key, url, host, down_since, alerting_since, back_at,
                                                      announced_down, announced_confirmed, changed_at)
                        SELECT :key, 'https://site-' || i || '.test/', 'pool-7', :t0, :t0,
                               CASE WHEN i % 100 = 0 THEN :t0 + interval '1 minute' END, false, false,
                               CASE WHEN i % 100 = 0 THEN NULL ELSE :t0 + i * interval '1 millisecond' END
                          FROM generate_series(1, 20000) AS i
                        """).param("key", KEY.value()).param("t0", utc(T0)).update();
        jdbc.sql("ANALYZE alert_group_site").update();
        long tablePages = jdbc.sql("SELECT relpages FROM pg_class WHERE relname = 'alert_group_site'")
                .query(Long.class)
                .single();

        String plan = jdbc.sql("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + AlertGroups.OTHERS)
                .param("key", KEY.value())
                .param("urls", new String[] {"https://site-1.test/", "https://site-2.test/"})
                .query(String.class)
                .single();
        int hit = JsonPath.read(plan, "$[0].Plan['Shared Hit Blocks']");
        int read = JsonPath.read(plan, "$[0].Plan['Shared Read Blocks']");

        assertThat(tablePages).isGreaterThan(200);
        assertThat(hit + read).as(plan).isLessThan(40);
    }

    void store(List<GroupState.Site> sites) {
        jdbc.sql("""
                        INSERT INTO alert_group (key, first_alert_at, last_sent_at, next_due_at, open, sequence)
                        VALUES (:key, :t0, NULL, NULL, true, 3)
                        """).param("key", KEY.value()).param("t0", utc(T0)).update();
        for (GroupState.Site site : sites) {
            jdbc.sql("""
                            INSERT INTO alert_group_site (group_key, url, host, down_since, alerting_since, confirmed_at,
                                                          back_at, announced_down, announced_confirmed, changed_at)
                            VALUES (:key, :url, :host, :downSince, :alertingSince, :confirmedAt, :backAt,
                                    :announcedDown, :announcedConfirmed, :changedAt)
                            """)
                    .param("key", KEY.value())
                    .param("url", site.url())
                    .param("host", site.host())
                    .param("downSince", utc(site.downSince()))
                    .param("alertingSince", utc(site.alertingSince()))
                    .param("confirmedAt", utcOrNull(site.confirmedAt()), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                    .param("backAt", utcOrNull(site.backAt()), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                    .param("announcedDown", site.announcedDown())
                    .param("announcedConfirmed", site.announcedConfirmed())
                    .param("changedAt", utcOrNull(site.changedAt()), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                    .update();
        }
    }

    static GroupState.Site randomSite(Random random, String url) {
        return randomSite(random, url, 600);
    }

    /** Down within {@code spread} seconds of T0. */
    static GroupState.Site randomSite(Random random, String url, int spread) {
        Instant down = T0.plusSeconds(random.nextInt(spread));
        return new GroupState.Site(
                url,
                random.nextBoolean() ? "pool-7" : null,
                down,
                down,
                random.nextBoolean() ? down.plusSeconds(5) : null,
                random.nextBoolean() ? down.plusSeconds(10 + random.nextInt(600)) : null,
                random.nextBoolean(),
                random.nextBoolean(),
                random.nextBoolean() ? down.plusSeconds(random.nextInt(900)) : null);
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static @Nullable OffsetDateTime utcOrNull(@Nullable Instant instant) {
        return instant == null ? null : utc(instant);
    }
}
