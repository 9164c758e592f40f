package dev.downtime.receiver.sites.upload;

import dev.downtime.receiver.sites.Site;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An upload of 10,000 sites with four labels each, as the issue sizes it: reading it as CSV and as
 * JSON (URL normalization and label checks included), and comparing it with an inventory of as
 * many sites of which a tenth differ. Run: {@code java -cp <test classpath> org.openjdk.jmh.Main
 * SiteUploadBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SiteUploadBenchmark {

    @Param({"10000"})
    int sites;

    private byte[] csv;
    private byte[] json;
    private List<Site> current;
    private List<Site> upload;

    @Setup
    public void setUp() {
        StringBuilder csvText = new StringBuilder("url,host,server,cluster,customer,plan\n");
        StringBuilder jsonText = new StringBuilder("[\n");
        for (int i = 0; i < sites; i++) {
            String url = "https://shop-" + i + ".customers.example/";
            String server = "web-" + (i % 100);
            String cluster = "eu-" + (i % 5);
            String customer = Integer.toString(4000 + i / 3);
            String plan = i % 10 == 0 ? "vip" : "business";
            csvText.append(url)
                    .append(",pool-1,")
                    .append(server)
                    .append(',')
                    .append(cluster)
                    .append(',');
            csvText.append(customer).append(',').append(plan).append('\n');
            jsonText.append(i == 0 ? "" : ",\n")
                    .append("{\"url\": \"")
                    .append(url)
                    .append("\", \"host\": \"pool-1\", \"labels\": {\"server\": \"")
                    .append(server)
                    .append("\", \"cluster\": \"")
                    .append(cluster)
                    .append("\", \"customer\": \"")
                    .append(customer)
                    .append("\", \"plan\": \"")
                    .append(plan)
                    .append("\"}}");
        }
        csv = csvText.toString().getBytes(StandardCharsets.UTF_8);
        json = jsonText.append("\n]\n").toString().getBytes(StandardCharsets.UTF_8);
        upload = readCsv().sites();
        String changed = new String(csv, StandardCharsets.UTF_8).replace(",vip\n", ",business\n");
        current = SiteUploads.readCsv(
                        new ByteArrayInputStream(changed.getBytes(StandardCharsets.UTF_8)), UploadLimits.DEFAULTS)
                .sites();
    }

    @Benchmark
    public ParsedUpload readCsv() {
        return SiteUploads.readCsv(new ByteArrayInputStream(csv), UploadLimits.DEFAULTS);
    }

    @Benchmark
    public ParsedUpload readJson() {
        return SiteUploads.readJson(new ByteArrayInputStream(json), UploadLimits.DEFAULTS);
    }

    @Benchmark
    public InventoryDiff diff() {
        return InventoryDiff.between(current, upload, true);
    }
}
