package dev.downtime.receiver.maintenance;

import dev.downtime.receiver.site.SiteUrl;
import dev.downtime.receiver.sites.Selector;
import dev.downtime.receiver.sites.SelectorIndex;
import dev.downtime.receiver.sites.SelectorIndexBenchmark;
import dev.downtime.receiver.sites.Site;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * The webhook's decision with an inventory: 100,000 sites and 1,000 selector windows (the inventory
 * and selectors of {@link SelectorIndexBenchmark}: mostly one server each), merged with 10,000
 * windows of the other scopes (those of {@link DecisionLookupBenchmark}), exactly as {@link
 * MaintenanceSchedule#matching} and {@code WebhookDecider} do it: the index lookups, then the
 * covered stretch. Half the lookups are inventory sites (most of them under a selector window),
 * half URLs the inventory lacks. Run by {@code bench/inventory.sh}, or: {@code java -cp <test
 * classpath> org.openjdk.jmh.Main SelectorDecisionBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SelectorDecisionBenchmark {

    private static final int LOOKUPS = 1 << 14;

    @Param({"100000"})
    int sites;

    @Param({"1000"})
    int selectorWindows;

    private MaintenanceIndex index;
    private SelectorIndex<UUID> selectors;
    private SiteUrl[] urls;
    private String[] slugs;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        List<Site> inventory = new ArrayList<>(sites);
        for (int i = 0; i < sites; i++) {
            inventory.add(SelectorIndexBenchmark.site(i, i % 1000));
        }
        SplittableRandom random = new SplittableRandom(42);
        List<ScheduledWindow> windows = new ArrayList<>();
        Map<UUID, Selector> bySelector = new HashMap<>();
        for (int j = 0; j < selectorWindows; j++) {
            Selector selector = Selector.parse(SelectorIndexBenchmark.selector(j, random));
            UUID id = UUID.randomUUID();
            bySelector.put(id, selector);
            windows.add(new ScheduledWindow(
                    id,
                    WindowScope.SELECTOR,
                    selector.canonical(),
                    DecisionLookupBenchmark.NOW.minus(Duration.ofHours(1)),
                    DecisionLookupBenchmark.NOW.plus(Duration.ofHours(1 + j % 5)),
                    null));
        }
        for (int i = 0; i < 10_000; i++) {
            windows.add(DecisionLookupBenchmark.window(i));
        }
        index = MaintenanceIndex.build(windows);
        selectors = SelectorIndex.build(inventory, bySelector);
        urls = new SiteUrl[LOOKUPS];
        slugs = new String[LOOKUPS];
        for (int n = 0; n < LOOKUPS; n++) {
            if (n % 2 == 0) {
                Site site = inventory.get(random.nextInt(sites));
                urls[n] = site.url();
                slugs[n] = site.host();
            } else {
                urls[n] = SiteUrl.parse("https://c" + n + ".elsewhere.test/");
                slugs[n] = "bench-host";
            }
        }
        System.gc();
    }

    /** The lookups alone: which windows match, before the stretch is merged. */
    @Benchmark
    public List<ScheduledWindow> match() {
        int n = next++ & (LOOKUPS - 1);
        return index.matching(urls[n], slugs[n], selectors);
    }

    @Benchmark
    public Coverage decide() {
        int n = next++ & (LOOKUPS - 1);
        return Coverage.at(index.matching(urls[n], slugs[n], selectors), DecisionLookupBenchmark.NOW);
    }
}
