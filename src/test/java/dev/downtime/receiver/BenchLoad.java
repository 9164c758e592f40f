package dev.downtime.receiver;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The load generator of {@code bench/run.sh} for what wrk cannot do: a fixed rate (wrk is a closed
 * loop: each connection sends its next request when the last one is answered, so a slow answer
 * lowers the load offered and hides itself) and an exact number of requests. Every request is a
 * failure report of a site of its own ({@code https://<prefix>-<n>.outage.test/}, code 503): a
 * mass outage, each opening an incident.
 *
 * <pre>
 * java -cp ... dev.downtime.receiver.BenchLoad --url http://127.0.0.1:8080/webhooks/monitor \
 *     --prefix fr1 --rate 2000 --seconds 60 [--connections 64] [--rss-pid PID] --out result.json
 * java -cp ... dev.downtime.receiver.BenchLoad --url ... --prefix burst1 --total 100000 --out result.json
 * </pre>
 *
 * <p>At a fixed rate, request {@code i} is due at {@code start + i / rate}; the connections take
 * the due times in turn, and a request's latency runs from its due time, not from when it could be
 * sent: a connection still waiting for an earlier answer makes the next one late, and that wait is
 * counted (no coordinated omission). Without a rate ({@code --total}), every connection sends its
 * next request as soon as the last is answered, until {@code total} have been sent. Writes a JSON
 * summary: requests, answers 200, other answers, errors, latency quantiles, the instant of the last
 * answer, and the service's largest resident set seen meanwhile when {@code --rss-pid} is given.
 */
public final class BenchLoad {

    private String host = "127.0.0.1";
    private int port;
    private String path = "/webhooks/monitor";
    private String prefix = "load";
    private double rate;
    private double seconds;
    private int total;
    private int connections = 64;
    private long rssPid;
    private Path out = Path.of("bench-load.json");

    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong otherStatus = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong lastAnswerMillis = new AtomicLong();
    private volatile long maxRssKb;

    /** An instance main method, like {@link BenchDatabase}'s. */
    void main(String[] args) throws Exception {
        parse(args);
        int count = total > 0 ? total : (int) Math.round(rate * seconds);
        long periodNanos = rate > 0 ? Math.round(1e9 / rate) : 0;
        long[][] latencies = new long[connections][];
        Thread sampler = rssPid > 0 ? Thread.ofPlatform().daemon(true).start(this::sampleRss) : null;
        long tsSeconds = System.currentTimeMillis() / 1000;
        long startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        long startMillis = System.currentTimeMillis() + 100;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int connection = c;
            threads.add(Thread.ofVirtual()
                    .start(() -> latencies[connection] = drive(connection, count, periodNanos, startNanos, tsSeconds)));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long endNanos = System.nanoTime();
        if (sampler != null) {
            sampler.interrupt();
        }
        long[] all =
                Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        write(count, all, startMillis, (endNanos - startNanos) / 1e9);
    }

    private long[] drive(int connection, int count, long periodNanos, long startNanos, long tsSeconds) {
        long[] latency = new long[Math.max(16, count / connections + 2)];
        int answered = 0;
        Connection open = null;
        try {
            for (int n = 0; ; n++) {
                // At a fixed rate this connection's requests are connection, connection + connections, ...
                int i = periodNanos > 0 ? connection + n * connections : next.getAndIncrement();
                if (i >= count) {
                    break;
                }
                long sent;
                if (periodNanos > 0) {
                    sent = startNanos + i * periodNanos;
                    long wait = sent - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                } else {
                    sent = System.nanoTime();
                }
                byte[] request = request(i, tsSeconds);
                int status;
                try {
                    if (open == null) {
                        open = Connection.to(host, port);
                    }
                    open.out().write(request);
                    Answer answer = readResponse(open.in());
                    status = answer.status();
                    if (answer.close()) { // Tomcat closes a connection after its 100th request
                        close(open);
                        open = null;
                    }
                } catch (IOException | RuntimeException e) {
                    errors.incrementAndGet();
                    close(open);
                    open = null;
                    status = -1;
                }
                long end = System.nanoTime();
                if (status == 200) {
                    ok.incrementAndGet();
                    lastAnswerMillis.accumulateAndGet(System.currentTimeMillis(), Math::max);
                } else if (status > 0) {
                    otherStatus.incrementAndGet();
                }
                if (answered == latency.length) {
                    latency = Arrays.copyOf(latency, latency.length * 2);
                }
                latency[answered++] = (end - sent) / 1000;
            }
        } finally {
            close(open);
        }
        return Arrays.copyOf(latency, answered);
    }

    private byte[] request(int i, long tsSeconds) {
        String body = "{\"ts\":" + tsSeconds + ",\"url\":\"https:\\/\\/" + prefix + "-" + i
                + ".outage.test\\/\",\"code\":503,\"host\":\"bench-host\",\"type\":\"http\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nContent-Type: application/json\r\nUser-Agent: jetpack-monitor-bench\r\nContent-Length: "
                + bytes.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(headBytes, headBytes.length + bytes.length);
        System.arraycopy(bytes, 0, all, headBytes.length, bytes.length);
        return all;
    }

    private record Answer(int status, boolean close) {}

    /** Reads one answer: status line, headers, a body by length or in chunks. */
    private static Answer readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        long length = 0;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).split(";")[0].trim(), 16);
                    size > 0;
                    size = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
                skip(in, size);
                line(in);
            }
            line(in);
        } else {
            skip(in, length);
        }
        return new Answer(status, close);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        for (long left = bytes; left > 0; left--) {
            if (in.read() < 0) {
                throw new IOException("connection closed");
            }
        }
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.socket().close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void sampleRss() {
        Path status = Path.of("/proc", Long.toString(rssPid), "status");
        while (!Thread.currentThread().isInterrupted()) {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmRSS:")) {
                        long kb = Long.parseLong(line.replaceAll("\\D", ""));
                        maxRssKb = Math.max(maxRssKb, kb);
                    }
                }
                Thread.sleep(250);
            } catch (IOException | InterruptedException e) {
                return;
            }
        }
    }

    private void write(int count, long[] sorted, long startMillis, double elapsed) throws IOException {
        try (PrintWriter json = new PrintWriter(Files.newBufferedWriter(out))) {
            json.printf(
                    Locale.ROOT,
                    "{\"prefix\":\"%s\",\"rate\":%.1f,\"requests\":%d,\"answered\":%d,\"ok\":%d,\"other_status\":%d,"
                            + "\"errors\":%d,\"elapsed_s\":%.3f,\"start_ms\":%d,\"last_answer_ms\":%d,\"max_rss_kb\":%d,"
                            + "\"p50_us\":%d,\"p99_us\":%d,\"p999_us\":%d,\"max_us\":%d}%n",
                    prefix,
                    rate,
                    count,
                    sorted.length,
                    ok.get(),
                    otherStatus.get(),
                    errors.get(),
                    elapsed,
                    startMillis,
                    lastAnswerMillis.get(),
                    maxRssKb,
                    quantile(sorted, 0.50),
                    quantile(sorted, 0.99),
                    quantile(sorted, 0.999),
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
        }
    }

    private static long quantile(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }

    private void parse(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--url" -> {
                    URI uri = URI.create(value);
                    host = uri.getHost();
                    port = uri.getPort();
                    path = uri.getRawPath();
                }
                case "--prefix" -> prefix = value;
                case "--rate" -> rate = Double.parseDouble(value);
                case "--seconds" -> seconds = Double.parseDouble(value);
                case "--total" -> total = Integer.parseInt(value);
                case "--connections" -> connections = Integer.parseInt(value);
                case "--rss-pid" -> rssPid = Long.parseLong(value);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (port <= 0 || (total <= 0 && (rate <= 0 || seconds <= 0))) {
            throw new IllegalArgumentException("need --url with a port, and --total or --rate with --seconds");
        }
    }

    /** A kept-alive connection; its input is buffered, so that reading an answer byte by byte stays cheap. */
    private record Connection(Socket socket, InputStream in, OutputStream out) {

        static Connection to(String host, int port) throws IOException {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            return new Connection(
                    socket, new BufferedInputStream(socket.getInputStream(), 8192), socket.getOutputStream());
        }
    }
}
