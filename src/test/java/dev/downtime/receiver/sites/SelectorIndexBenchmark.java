package dev.downtime.receiver.sites;

import dev.downtime.receiver.site.SiteUrl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
 * The selector index at the scale, 100,000 sites and 1,000 selector windows: how long the
 * full precomputation takes ({@link #build}), a decision's lookup ({@link #lookup}), and an
 * incremental change of one site or one window. The inventory is a host's: 1,000 servers of 100
 * sites each in 20 clusters, about 33,000 customers, four plans. The windows are mostly a server
 * ({@code server=web-N}), then a cluster without its VIPs, a range of servers by regex, a customer,
 * and a few regexes on two labels. Run: {@code java -cp <test classpath> org.openjdk.jmh.Main
 * SelectorIndexBenchmark}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SelectorIndexBenchmark {

    private static final String[] PLANS = {"basic", "business", "business", "vip"};

    /** Lookups cycled through, more than a core's cache holds alongside the index. */
    private static final int LOOKUPS = 1 << 14;

    @Param({"100000"})
    int sites;

    @Param({"1000"})
    int windows;

    private List<Site> inventory;
    private Map<Integer, Selector> selectors;
    private SelectorIndex<Integer> index;
    private String[] urls;
    private int next;
    private Site moving;
    private Site moved;
    private boolean flip;

    @Setup(Level.Trial)
    public void setUp() {
        inventory = new ArrayList<>(sites);
        for (int i = 0; i < sites; i++) {
            inventory.add(site(i, i % 1000));
        }
        selectors = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(42);
        for (int j = 0; j < windows; j++) {
            selectors.put(j, Selector.parse(selector(j, random)));
        }
        index = SelectorIndex.build(inventory, selectors);
        urls = new String[LOOKUPS];
        for (int n = 0; n < LOOKUPS; n++) {
            urls[n] = inventory.get(random.nextInt(sites)).key();
        }
        moving = site(7, 7);
        moved = site(7, 420);
        System.gc();
    }

    public static Site site(int i, int server) {
        return new Site(
                SiteUrl.parse("https://s" + i + ".customers.test"),
                "pool-" + (i % 8),
                Labels.of(Map.of(
                        "server",
                        "web-" + server,
                        "cluster",
                        "eu-" + (server % 20),
                        "customer",
                        Integer.toString(i / 3),
                        "plan",
                        PLANS[i % 4])));
    }

    public static String selector(int j, SplittableRandom random) {
        int kind = j % 20;
        if (kind < 12) {
            return "server=web-" + random.nextInt(1000);
        } else if (kind < 15) {
            return "cluster=eu-" + random.nextInt(20) + ",plan!=vip";
        } else if (kind < 17) {
            return "server=~web-" + random.nextInt(100) + "[0-9]";
        } else if (kind < 19) {
            return "customer=" + random.nextInt(33_000);
        }
        return "cluster=~eu-1[0-9],plan=~business|vip";
    }

    /** Precomputing site to windows for the whole inventory, as at start-up. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public SelectorIndex<Integer> build() {
        return SelectorIndex.build(inventory, selectors);
    }

    /** The decision's part: which selector windows cover a URL. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public List<Integer> lookup() {
        return index.windowsCovering(urls[next++ & (LOOKUPS - 1)]);
    }

    /** One site moved between servers and back: what an inventory change of one site costs. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int changeOneSite() {
        flip = !flip;
        index.putSite(flip ? moved : moving);
        return index.windowsCovering(moving.url()).size();
    }

    /** One server window's selector changed and back: about 100 sites move. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int changeOneServerWindow() {
        flip = !flip;
        index.putWindow(0, Selector.parse(flip ? "server=web-1" : "server=web-2"));
        return index.windowsCovering(urls[0]).size();
    }

    /** One cluster window changed and back: about 3,750 sites leave and 3,750 others join. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int changeOneClusterWindow() {
        flip = !flip;
        index.putWindow(12, Selector.parse(flip ? "cluster=eu-1,plan!=vip" : "cluster=eu-2,plan!=vip"));
        return index.windowsCovering(urls[0]).size();
    }
}
