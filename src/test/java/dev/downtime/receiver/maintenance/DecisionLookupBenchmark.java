package dev.downtime.receiver.maintenance;

import dev.downtime.receiver.site.SiteUrl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long the webhook's decision takes (the index lookup and the covered stretch, as {@code
 * WebhookDecider} does them) as the number of windows grows. The windows and the mix of lookups
 * follow {@code bench/run.sh}: mixed scopes, about 10% of lookups inside a URL, domain or wildcard
 * window, 1% under a host-wide one, the rest matching nothing. Run by {@code bench/run.sh}, or:
 * {@code java -cp <test classpath> org.openjdk.jmh.Main DecisionLookupBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DecisionLookupBenchmark {

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    /**
     * Scopes by {@code i % 20}, as in {@code bench/run.sh}: 9 url, 7 domain, 3 wildcard, 1 host
     * in each 20, so that even 10 windows have every scope.
     */
    private static final char[] KINDS = "udwudhudwududuwududu".toCharArray();

    /** Offsets in each 20 of the windows that are active at {@link #NOW} (i % 10 == 7 are upcoming). */
    private static final int[] ACTIVE_URL = {0, 3, 6, 9, 11, 13, 15, 19};

    private static final int[] ACTIVE_DOMAIN = {1, 4, 10, 12, 16, 18};
    private static final int[] ACTIVE_WILDCARD = {2, 8, 14};
    private static final int[] ACTIVE_HOST = {5};

    /** Lookups cycled through: many more than fit in a core's cache alongside a large index. */
    private static final int LOOKUPS = 1 << 14;

    @Param({"10", "10000", "1000000"})
    int windows;

    private MaintenanceIndex index;
    private SiteUrl[] urls;
    private String[] slugs;
    private int next;

    @Setup(Level.Trial)
    public void buildIndex() {
        List<ScheduledWindow> all = new ArrayList<>(windows);
        for (int i = 0; i < windows; i++) {
            all.add(window(i));
        }
        index = MaintenanceIndex.build(all);
        urls = new SiteUrl[LOOKUPS];
        slugs = new String[LOOKUPS];
        SplittableRandom random = new SplittableRandom(42);
        for (int n = 0; n < LOOKUPS; n++) {
            double r = random.nextDouble();
            String url = "https://c" + n + "-" + random.nextInt(1_000_000) + ".customers.test/";
            String slug = "bench-host";
            if (r < 0.01) {
                slug = "pool-" + pick(random, ACTIVE_HOST);
            } else if (r < 0.05) {
                int i = pick(random, ACTIVE_URL);
                url = "https://u" + i + ".bench.test/page/" + i;
            } else if (r < 0.09) {
                url = "http://d" + pick(random, ACTIVE_DOMAIN) + ".bench.test/" + n;
            } else if (r < 0.11) {
                url = "https://s" + n + ".w" + pick(random, ACTIVE_WILDCARD) + ".bench.test/";
            }
            urls[n] = SiteUrl.parse(url);
            slugs[n] = slug;
        }
        // Measure the index, not the collection of what building it left behind.
        System.gc();
    }

    @Benchmark
    public Coverage decide() {
        int n = next++ & (LOOKUPS - 1);
        return Coverage.at(index.matching(urls[n], slugs[n]), NOW);
    }

    /** Window {@code i} of {@code bench/run.sh}'s schedule. */
    static ScheduledWindow window(int i) {
        boolean upcoming = i % 10 == 7;
        Instant start = upcoming ? NOW.plus(Duration.ofDays(2)) : NOW.minus(Duration.ofHours(1));
        Instant end = upcoming
                ? NOW.plus(Duration.ofDays(3))
                : NOW.plus(Duration.ofDays(1)).plusSeconds(i % 3600);
        return switch (KINDS[i % 20]) {
            case 'u' ->
                new ScheduledWindow(
                        UUID.randomUUID(),
                        WindowScope.URL,
                        "https://u" + i + ".bench.test/page/" + i,
                        start,
                        end,
                        null);
            case 'd' ->
                new ScheduledWindow(UUID.randomUUID(), WindowScope.DOMAIN, "d" + i + ".bench.test", start, end, null);
            case 'w' ->
                new ScheduledWindow(UUID.randomUUID(), WindowScope.DOMAIN, "*.w" + i + ".bench.test", start, end, null);
            default -> new ScheduledWindow(UUID.randomUUID(), WindowScope.HOST, "pool-" + i, start, end, "bench");
        };
    }

    /** A window of this index with one of the given offsets, at random. */
    private int pick(SplittableRandom random, int[] offsets) {
        int blocks = Math.max(1, windows / 20);
        for (; ; ) {
            int i = random.nextInt(blocks) * 20 + offsets[random.nextInt(offsets.length)];
            if (i < windows) {
                return i;
            }
        }
    }
}
