package dev.downtime.receiver.notifications;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * An append-only local log of notifications that PostgreSQL could not take in time. Appends from
 * many requests share one write and one fsync; a request is answered only once its line is on
 * disk. Segments are closed when replay begins and deleted once every line is in PostgreSQL.
 * Past {@code receiver.spool.max-size}, notifications are not kept and are counted as dropped.
 *
 * <p>A write or fsync that fails part-way (disk full, I/O error) leaves no torn line in front of
 * the next one: the segment is cut back to its last complete line and closed, and the batch is
 * written once more to a new segment; only if that fails too are its notifications not kept. Lines
 * are read back one by one, and one that is not a notification (torn by a crash, or damaged) is
 * handed over as unreadable, to be quarantined, without stopping the lines after it.
 */
@Component
class NotificationSpool {

    private static final Logger log = LoggerFactory.getLogger(NotificationSpool.class);
    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".jsonl";

    /** Opens a new segment for appending: a seam for tests that make writes fail. */
    @FunctionalInterface
    interface SegmentOpener {
        FileChannel open(Path segment) throws IOException;
    }

    /** Attempts at writing one batch: a failed one is followed by one on a new segment. */
    private static final int WRITE_ATTEMPTS = 2;

    private final Path directory;
    private final long maxBytes;
    private final JsonMapper json;
    private final SegmentOpener opener;
    private final ReentrantLock files = new ReentrantLock();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /**
     * What each segment on disk holds, as counted when its lines were acknowledged (or found at
     * start-up): a torn end never counts, so removing a segment takes off exactly what it added.
     */
    private final Map<Path, Counted> counted = new ConcurrentHashMap<>();

    private volatile @Nullable BatchWorker<Entry> writer;
    private @Nullable FileChannel current;
    private @Nullable Path currentPath;
    /** The length of the current segment up to its last complete, fsync'd line. */
    private long currentGoodSize;

    private long nextSequence;

    @Autowired
    NotificationSpool(SpoolProperties properties, JsonMapper json) throws IOException {
        this(
                properties,
                json,
                segment -> FileChannel.open(segment, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    NotificationSpool(SpoolProperties properties, JsonMapper json, SegmentOpener opener) throws IOException {
        this.directory = properties.directory().toAbsolutePath();
        this.maxBytes = properties.maxSize().toBytes();
        this.json = json;
        this.opener = opener;
        Files.createDirectories(directory);
        for (Path segment : segments()) {
            Counted found = new Counted(Files.size(segment), countLines(segment));
            counted.put(segment, found);
            bytes.addAndGet(found.bytes);
            records.addAndGet(found.lines);
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

    /**
     * Whether any segment is on disk, even one that holds no acknowledged notification (only the
     * torn end of a failed write): replay reads and removes those too.
     */
    boolean hasSegments() {
        return !counted.isEmpty();
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
     * Reads a closed segment in chunks of at most {@code chunkSize} notifications. A line that is
     * not a notification (not UTF-8, not JSON, fields missing, or the end of the file without its
     * newline) goes to {@code unreadable} and reading goes on: a torn end is an append that never
     * completed, so never acknowledged, and anything else is damage that must not hold up the rest.
     *
     * @throws UncheckedIOException when the file cannot be read
     */
    void read(
            Path segment,
            int chunkSize,
            Consumer<List<NotificationRecord>> chunks,
            Consumer<UnreadableLine> unreadable) {
        List<NotificationRecord> chunk = new ArrayList<>(chunkSize);
        try (InputStream in = Files.newInputStream(segment)) {
            byte[] buffer = new byte[64 * 1024];
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long offset = 0;
            long lineStart = 0;
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                int from = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        line.write(buffer, from, i - from);
                        from = i + 1;
                        parse(segment, lineStart, line.toByteArray(), true, chunk, unreadable);
                        line.reset();
                        lineStart = offset + i + 1;
                        if (chunk.size() == chunkSize) {
                            chunks.accept(List.copyOf(chunk));
                            chunk.clear();
                        }
                    }
                }
                line.write(buffer, from, n - from);
                offset += n;
            }
            if (line.size() > 0) {
                parse(segment, lineStart, line.toByteArray(), false, chunk, unreadable);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!chunk.isEmpty()) {
            chunks.accept(List.copyOf(chunk));
        }
    }

    private void parse(
            Path segment,
            long offset,
            byte[] line,
            boolean complete,
            List<NotificationRecord> chunk,
            Consumer<UnreadableLine> unreadable) {
        if (!complete) {
            unreadable.accept(new UnreadableLine(
                    segment.getFileName().toString(),
                    offset,
                    line,
                    "the end of the segment, without its newline:"
                            + " an append that never completed, never acknowledged"));
            return;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line))
                    .toString();
        } catch (CharacterCodingException e) {
            unreadable.accept(new UnreadableLine(
                    segment.getFileName().toString(), offset, line, "not UTF-8 (a torn multibyte character?)"));
            return;
        }
        NotificationRecord record;
        try {
            record = json.readValue(text, NotificationRecord.class);
        } catch (JacksonException e) {
            unreadable.accept(new UnreadableLine(
                    segment.getFileName().toString(), offset, line, "not a notification: " + e.getOriginalMessage()));
            return;
        }
        String missing = missingField(record);
        if (missing != null) {
            unreadable.accept(new UnreadableLine(segment.getFileName().toString(), offset, line, "no " + missing));
            return;
        }
        String malformed = malformedFormAsSent(record);
        if (malformed != null) {
            unreadable.accept(new UnreadableLine(
                    segment.getFileName().toString(), offset, line, malformed + " is not a JSON number or string"));
            return;
        }
        chunk.add(record);
    }

    /** A form as sent that is not what the parser makes: the admin API writes it as raw JSON. */
    private static @Nullable String malformedFormAsSent(NotificationRecord record) {
        if (record.rawTs() != null && !NotificationRecord.isJsonNumberOrString(record.rawTs())) {
            return "rawTs";
        }
        if (record.rawCode() != null && !NotificationRecord.isJsonNumberOrString(record.rawCode())) {
            return "rawCode";
        }
        return null;
    }

    /**
     * A required field the line lacked: non-null by type, but JSON may lack it, and a null would
     * fail the whole insert instead of the one row.
     */
    private static @Nullable String missingField(@Nullable NotificationRecord record) {
        if (record == null) {
            return "notification";
        }
        if (record.id() == null) {
            return "id";
        }
        if (record.receivedAt() == null) {
            return "receivedAt";
        }
        if (record.rawUrl() == null) {
            return "rawUrl";
        }
        if (record.normalizedUrl() == null) {
            return "normalizedUrl";
        }
        if (record.reply() == null) {
            return "reply";
        }
        if (record.windowIds() == null || record.windowIds().contains(null)) {
            return "windowIds";
        }
        return null;
    }

    /** Deletes a segment whose every notification is now in PostgreSQL. */
    void remove(Path segment) throws IOException {
        files.lock();
        try {
            Counted was = counted.get(segment);
            if (was == null) {
                was = new Counted(Files.size(segment), countLines(segment));
            }
            Files.delete(segment);
            counted.remove(segment);
            bytes.addAndGet(-was.bytes);
            records.addAndGet(-was.lines);
        } finally {
            files.unlock();
        }
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
            for (int attempt = 1; ; attempt++) {
                buffer.rewind();
                try {
                    append(buffer);
                    break;
                } catch (IOException e) {
                    abandonCurrent(e);
                    if (attempt == WRITE_ATTEMPTS) {
                        throw e;
                    }
                    log.warn("Could not write to the spool ({}); trying a new segment", e.toString());
                }
            }
            currentGoodSize += size;
            Counted segment = counted.get(currentPath);
            if (segment != null) {
                segment.add(size, kept.size());
            }
            bytes.addAndGet(size);
            records.addAndGet(kept.size());
            kept.forEach(entry -> entry.kept = true);
        } finally {
            files.unlock();
        }
    }

    /** Writes the whole buffer at the end of the current segment, opening one if needed, and fsyncs. */
    private void append(ByteBuffer buffer) throws IOException {
        FileChannel channel = current != null ? current : openSegment();
        long position = currentGoodSize;
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        channel.force(false);
    }

    /**
     * After a write or fsync of the current segment failed part-way: cuts it back to its last
     * complete line, so that no torn line stands in front of a later one, and closes it, so that
     * the next append starts a new segment (after a failed fsync, what the kernel still holds of the
     * file cannot be trusted). If even the cut fails, the torn end stays at the end of this closed
     * segment, where replay finds it unreadable and quarantines it.
     */
    private void abandonCurrent(IOException failure) {
        FileChannel channel = current;
        Path path = currentPath;
        if (channel == null || path == null) {
            return; // the segment could not even be opened
        }
        try {
            channel.truncate(currentGoodSize);
            channel.force(false);
        } catch (IOException e) {
            failure.addSuppressed(e);
            log.error(
                    "Could not cut spool segment {} back to its last complete line ({} bytes): {}",
                    path.getFileName(),
                    currentGoodSize,
                    e.toString());
        }
        boolean empty = currentGoodSize == 0;
        closeCurrent();
        if (empty) {
            // Nothing acknowledged in it: no need to leave an empty file for each failed attempt.
            try {
                if (Files.size(path) == 0) {
                    Files.delete(path);
                    counted.remove(path);
                }
            } catch (IOException e) {
                log.debug("Could not delete empty spool segment {}: {}", path.getFileName(), e.toString());
            }
        }
    }

    private FileChannel openSegment() throws IOException {
        Path segment = directory.resolve(PREFIX + "%020d".formatted(nextSequence++) + SUFFIX);
        FileChannel channel = opener.open(segment);
        counted.put(segment, new Counted(0, 0));
        current = channel;
        currentPath = segment;
        currentGoodSize = 0;
        // The new file's directory entry must be on disk too, or a crash could lose the file.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
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
            currentPath = null;
            currentGoodSize = 0;
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

    /**
     * A line of a segment that is not a notification.
     *
     * @param segment the segment's file name
     * @param offset where the line starts in it, in bytes
     * @param bytes the line as it is on disk, without its newline
     */
    record UnreadableLine(String segment, long offset, byte[] bytes, String reason) {

        /**
         * The same for the same line of the same segment, so that a replay repeated after an
         * interruption quarantines it once.
         */
        UUID id() {
            ByteArrayOutputStream key = new ByteArrayOutputStream();
            key.writeBytes((segment + ":" + offset + ":").getBytes(StandardCharsets.UTF_8));
            key.writeBytes(bytes);
            return UUID.nameUUIDFromBytes(key.toByteArray());
        }
    }

    /** Bytes and acknowledged lines of one segment. */
    private static final class Counted {
        long bytes;
        long lines;

        Counted(long bytes, long lines) {
            this.bytes = bytes;
            this.lines = lines;
        }

        void add(long moreBytes, long moreLines) {
            bytes += moreBytes;
            lines += moreLines;
        }
    }

    private static final class Entry {
        final byte[] line;
        volatile boolean kept;

        Entry(byte[] line) {
            this.line = line;
        }
    }
}
