package dev.downtime.receiver.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.IntegrationTest;
import dev.downtime.receiver.PostgresIntegrationTest;
import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * A message about a group far larger than a message lists: 100,000 sites down in one group (the
 * size of a mass outage grouped by {@code none}, or of a data centre). Its step reads the group's
 * counts and the first sites of each kind, never every site: the memory it takes does not grow
 * with the group, where reading every site once ran a 512 MiB service out of heap.
 */
@Import(TestAlerts.OneChannel.class)
@TestPropertySource(properties = {"receiver.alerts.dispatch-interval=1h", "receiver.alerts.listed-sites=50"})
class LargeGroupTest extends PostgresIntegrationTest {

    static final String GROUP = "host=dc-a";
    static final int SITES = 100_000;
    static final int BACK = 10;
    static final Instant T0 = IntegrationTest.T0;

    @Autowired
    Alerts alerts;

    @Test
    void aMessageAboutAHundredThousandSitesListsTheFirstOfEachKindAndCountsThemAll() {
        // Down one per millisecond since T0, every fourth confirmed; the last ten back already.
        jdbc.sql("""
                        INSERT INTO alert_group (key, first_alert_at, next_due_at, open, sequence)
                        VALUES (:key, :t0, :due, false, 0)
                        """)
                .param("key", GROUP)
                .param("t0", utc(T0))
                .param("due", utc(T0.plusSeconds(30)))
                .update();
        jdbc.sql("""
                        INSERT INTO alert_group_site (group_key, url, host, down_since, alerting_since, confirmed_at,
                                                      back_at, announced_down, announced_confirmed, changed_at)
                        SELECT :key, 'https://site-' || i || '.test/', 'dc-a', d, d,
                               CASE WHEN i % 4 = 0 THEN d + interval '5 seconds' END,
                               CASE WHEN i > :sites - :back THEN :t0 + interval '25 seconds' END,
                               false, false, d
                          FROM generate_series(1, :sites) AS i,
                               LATERAL (SELECT :t0 + i * interval '1 millisecond' AS d) AS down
                        """)
                .param("key", GROUP)
                .param("t0", utc(T0))
                .param("sites", SITES)
                .param("back", BACK)
                .update();
        jdbc.sql("ANALYZE alert_group_site").update();
        clock.set(T0.plusSeconds(40));

        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        int stepped = alerts.stepDue();
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        System.out.println("LargeGroupTest: the step allocated " + (allocated >> 10) + " KiB");

        assertThat(stepped).isEqualTo(1);
        String message = jdbc.sql("SELECT message::text FROM alert WHERE group_key = :key")
                .param("key", GROUP)
                .query(String.class)
                .single();
        int down = SITES - BACK;
        assertThat((Integer) JsonPath.read(message, "$.down")).isEqualTo(down);
        assertThat((Integer) JsonPath.read(message, "$.confirmed")).isEqualTo(down / 4);
        assertThat((Integer) JsonPath.read(message, "$.newlyDownCount")).isEqualTo(down);
        assertThat((Integer) JsonPath.read(message, "$.backCount")).isEqualTo(BACK);
        // The most telling first: confirmed, then down the longest.
        List<String> listed = JsonPath.read(message, "$.sitesDown[*].url");
        assertThat(listed).hasSize(50).startsWith("https://site-4.test/", "https://site-8.test/");
        assertThat(listed.getLast()).isEqualTo("https://site-200.test/");
        assertThat((List<?>) JsonPath.read(message, "$.newlyDown")).hasSize(50);
        assertThat((List<?>) JsonPath.read(message, "$.back")).hasSize(BACK);
        // The incidents of every site down, not only of those listed: since the earliest outage.
        assertThat((String) JsonPath.read(message, "$.incidentsPath"))
                .endsWith("&since=" + URLEncoder.encode(T0.plusMillis(1).toString(), StandardCharsets.UTF_8));
        // Every site as the message told it, each in one statement.
        assertThat(jdbc.sql("SELECT count(*) FROM alert_group_site WHERE changed_at IS NOT NULL")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM alert_group_site WHERE announced_down AND back_at IS NULL")
                        .query(Long.class)
                        .single())
                .isEqualTo(down);
        // Reading every site took hundreds of bytes each (50 MB here); the step now takes a few MB.
        assertThat(allocated).as("bytes allocated by the step").isLessThan(16L << 20);
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
