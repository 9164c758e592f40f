package dev.downtime.receiver.notifications;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * An append-only local log of notifications that PostgreSQL could not take in time. Appends from
 * many requests share one write and one fsync; a request is answered only once its line is on
 * disk. Segments are closed when replay begins and deleted once every line is in PostgreSQL.
 * Past {@code receiver.spool.max-size}, notifications are not kept and are counted as dropped.
 */
@Component
class NotificationSpool {

    private static final Logger log = LoggerFactory.getLogger(NotificationSpool.class);
    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".jsonl";

    private final Path directory;
    private final long maxBytes;
    private final JsonMapper json;
    private final ReentrantLock files = new ReentrantLock();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile @Nullable BatchWorker<Entry> writer;
    private @Nullable FileChannel current;
    private long nextSequence;

    NotificationSpool(SpoolProperties properties, JsonMapper json) throws IOException {
        this.directory = properties.directory().toAbsolutePath();
        this.maxBytes = properties.maxSize().toBytes();
        this.json = json;
        Files.createDirectories(directory);
        for (Path segment : segments()) {
            bytes.addAndGet(Files.size(segment));
            records.addAndGet(countLines(segment));
            nextSequence = Math.max(nextSequence, sequenceOf(segment) + 1);
        }
        if (records.get() > 0) {
            log.info("Spool {} holds {} notifications to replay", directory, records.get());
        }
        open();
    }

    /** Takes appends again after {@link #close}; does nothing when already open. */
    synchronized void open() {
        if (writer == null) {
            writer = new BatchWorker<>("notification-spool", 100_000, 1_000, Duration.ZERO, this::write);
        }
    }

    /**
     * Appends the notification and returns once it is on disk.
     *
     * @return false when it was not kept: the spool is full or the disk failed
     */
    boolean append(NotificationRecord notification) {
        Entry entry = new Entry(line(notification));
        try {
            BatchWorker<Entry> appender = writer;
            if (appender == null) {
                throw new RejectedExecutionException("spool closed");
            }
            appender.submit(entry).get();
        } catch (ExecutionException | RejectedExecutionException e) {
            log.error("Could not spool a notification: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!entry.kept) {
            dropped.incrementAndGet();
        }
        return entry.kept;
    }

    /** Notifications on disk waiting to be replayed. */
    long depth() {
        return records.get();
    }

    /** Notifications answered but not kept since start, because the spool was full or failed. */
    long dropped() {
        return dropped.get();
    }

    /** Closes the segment being appended to, so that every segment returned is complete. */
    List<Path> closeAndListSegments() {
        files.lock();
        try {
            closeCurrent();
            return segments();
        } finally {
            files.unlock();
        }
    }

    /**
     * Reads a closed segment in chunks of at most {@code chunkSize}. A line that cannot be read is
     * the torn end of an append that never completed, so it was never acknowledged: it is skipped.
     */
    void read(Path segment, int chunkSize, Consumer<List<NotificationRecord>> chunks) {
        List<NotificationRecord> chunk = new ArrayList<>(chunkSize);
        try (BufferedReader reader = Files.newBufferedReader(segment, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                try {
                    chunk.add(json.readValue(line, NotificationRecord.class));
                } catch (JacksonException e) {
                    log.warn("Skipping an unreadable line of spool segment {}", segment.getFileName());
                    continue;
                }
                if (chunk.size() == chunkSize) {
                    chunks.accept(List.copyOf(chunk));
                    chunk.clear();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!chunk.isEmpty()) {
            chunks.accept(List.copyOf(chunk));
        }
    }

    /** Deletes a segment whose every notification is now in PostgreSQL. */
    void remove(Path segment) throws IOException {
        long size = Files.size(segment);
        long lines = countLines(segment);
        Files.delete(segment);
        bytes.addAndGet(-size);
        records.addAndGet(-lines);
    }

    synchronized void close() throws InterruptedException, IOException {
        BatchWorker<Entry> closing = writer;
        writer = null;
        if (closing != null) {
            closing.close(Duration.ofSeconds(10));
        }
        files.lock();
        try {
            closeCurrent();
        } finally {
            files.unlock();
        }
    }

    private void write(List<Entry> batch) throws IOException {
        files.lock();
        try {
            FileChannel channel = current != null ? current : openSegment();
            int size = 0;
            List<Entry> kept = new ArrayList<>(batch.size());
            for (Entry entry : batch) {
                if (bytes.get() + size + entry.line.length > maxBytes) {
                    continue; // full: this one is answered but not kept
                }
                size += entry.line.length;
                kept.add(entry);
            }
            if (kept.isEmpty()) {
                return;
            }
            ByteBuffer buffer = ByteBuffer.allocate(size);
            kept.forEach(entry -> buffer.put(entry.line));
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
            bytes.addAndGet(size);
            records.addAndGet(kept.size());
            kept.forEach(entry -> entry.kept = true);
        } finally {
            files.unlock();
        }
    }

    private FileChannel openSegment() throws IOException {
        Path segment = directory.resolve(PREFIX + "%020d".formatted(nextSequence++) + SUFFIX);
        FileChannel channel = FileChannel.open(segment, StandardOpenOption.CREATE_NEW, StandardOpenOption.APPEND);
        // The new file's directory entry must be on disk too, or a crash could lose the file.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
        current = channel;
        return channel;
    }

    private void closeCurrent() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                log.warn("Could not close spool segment: {}", e.toString());
            }
            current = null;
        }
    }

    private byte[] line(NotificationRecord notification) {
        byte[] text = json.writeValueAsBytes(notification);
        byte[] line = new byte[text.length + 1];
        System.arraycopy(text, 0, line, 0, text.length);
        line[text.length] = '\n';
        return line;
    }

    private List<Path> segments() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> {
                        String name = p.getFileName().toString();
                        return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long sequenceOf(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    }

    private static long countLines(Path segment) throws IOException {
        long lines = 0;
        try (var in = Files.newInputStream(segment)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return lines;
    }

    private static final class Entry {
        final byte[] line;
        volatile boolean kept;

        Entry(byte[] line) {
            this.line = line;
        }
    }
}
