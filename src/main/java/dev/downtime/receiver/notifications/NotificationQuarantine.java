package dev.downtime.receiver.notifications;

import dev.downtime.receiver.database.DatabaseFailure;
import dev.downtime.receiver.notifications.NotificationInserter.Refused;
import dev.downtime.receiver.notifications.NotificationSpool.UnreadableLine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DataAccessException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where notifications go that PostgreSQL refused for what they hold, and spool lines that cannot be
 * read back: the {@code notification_quarantine} table, with the reason, so that they hold up
 * nothing else and an operator can look at them. When the table refuses an entry too, it goes to
 * the dead-letter file {@value #DEAD_LETTER_FILE} in the spool directory, one JSON object a line,
 * fsync'd. Entries are keyed by the notification's id, so one refused again on replay is kept once
 * in the table (the file may repeat it).
 */
@Component
class NotificationQuarantine {

    /** The log context of what is logged while a notification is set aside. */
    static final String MDC_NOTIFICATION = "notification.id";

    /** Where in the write path an entry was set aside. */
    enum Stage {
        /** Refused on its way from a webhook request to PostgreSQL. */
        COMMIT,
        /** Refused when replayed from the spool. */
        REPLAY,
        /** A spool line that is not a readable notification. */
        SPOOL;

        String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String DEAD_LETTER_FILE = "dead-letter.jsonl";

    private static final Logger log = LoggerFactory.getLogger(NotificationQuarantine.class);

    private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("quarantinedAt"), Sort.Order.desc("id"));

    private final JdbcClient jdbc;
    private final QuarantineEntryRepository entries;
    private final JsonMapper json;
    private final Clock clock;
    private final Path deadLetters;
    private final ReentrantLock deadLetterLock = new ReentrantLock();
    private final Map<String, Counter> counters = new HashMap<>();

    NotificationQuarantine(
            JdbcClient jdbc,
            QuarantineEntryRepository entries,
            JsonMapper json,
            Clock clock,
            SpoolProperties spool,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.entries = entries;
        this.json = json;
        this.clock = clock;
        this.deadLetters = spool.directory().toAbsolutePath().resolve(DEAD_LETTER_FILE);
        for (Stage stage : Stage.values()) {
            for (String store : List.of("table", "dead-letter")) {
                counters.put(
                        stage.value() + store,
                        Counter.builder("receiver.notifications.quarantined")
                                .description("Notifications PostgreSQL refused, and spool lines that could not be"
                                        + " read, set aside in the quarantine table or the dead-letter file")
                                .tag("stage", stage.value())
                                .tag("store", store)
                                .register(meters));
            }
        }
    }

    /**
     * Sets aside rows PostgreSQL refused.
     *
     * @throws DataAccessException when PostgreSQL is unavailable: nothing was set aside for sure,
     *     and the caller keeps the rows (spool) to try again later
     * @throws UncheckedIOException when neither the table nor the dead-letter file took an entry
     */
    void putRefused(List<Refused> refused, Stage stage) {
        for (Refused row : refused) {
            put(new Entry(row.row().id(), stage, row.sqlState(), row.reason(), json.writeValueAsBytes(row.row())));
        }
    }

    /** Sets aside a spool line that is not a readable notification; throws as {@link #putRefused}. */
    void putUnreadable(UnreadableLine line) {
        log.warn(
                "Spool segment {} holds an unreadable line at byte {} ({}); quarantining it",
                line.segment(),
                line.offset(),
                line.reason());
        put(new Entry(line.id(), Stage.SPOOL, null, line.reason(), line.bytes()));
    }

    private void put(Entry entry) {
        try (var logged = MDC.putCloseable(MDC_NOTIFICATION, entry.id().toString())) {
            putLogged(entry);
        }
    }

    private void putLogged(Entry entry) {
        try {
            int added = jdbc.sql("""
                            INSERT INTO notification_quarantine (id, quarantined_at, stage, sql_state, reason, payload)
                            VALUES (:id, :at, :stage, :sqlState, :reason, :payload)
                            ON CONFLICT (id) DO NOTHING
                            """)
                    .param("id", entry.id())
                    .param("at", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                    .param("stage", entry.stage().value())
                    .param("sqlState", entry.sqlState())
                    .param("reason", entry.reason())
                    .param("payload", entry.payload())
                    .update();
            if (added > 0) {
                count(entry.stage(), "table");
            }
        } catch (DataAccessException e) {
            DatabaseFailure failure = DatabaseFailure.of(e);
            if (failure == DatabaseFailure.UNAVAILABLE || failure == DatabaseFailure.CONFLICT) {
                throw e;
            }
            // The table itself is the problem (it refuses this entry, or is missing): not a reason
            // to hold up everything behind it.
            writeDeadLetter(entry, DatabaseFailure.reason(e));
        }
    }

    private void writeDeadLetter(Entry entry, String tableFailure) {
        Map<String, @Nullable Object> line = new LinkedHashMap<>();
        line.put("id", entry.id().toString());
        line.put("quarantinedAt", clock.instant().toString());
        line.put("stage", entry.stage().value());
        line.put("sqlState", entry.sqlState());
        line.put("reason", entry.reason());
        line.put("tableFailure", tableFailure);
        line.put("payload", Base64.getEncoder().encodeToString(entry.payload()));
        byte[] text = json.writeValueAsBytes(line);
        ByteBuffer buffer = ByteBuffer.allocate(text.length + 1).put(text).put((byte) '\n');
        buffer.flip();
        deadLetterLock.lock();
        try (FileChannel file = FileChannel.open(
                deadLetters, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            long goodSize = file.size();
            try {
                while (buffer.hasRemaining()) {
                    file.write(buffer);
                }
                file.force(true);
            } catch (IOException e) {
                // No torn line in front of the next one.
                file.truncate(goodSize);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the dead-letter file " + deadLetters, e);
        } finally {
            deadLetterLock.unlock();
        }
        log.error(
                "The quarantine table refused entry {} ({}); written to {} instead",
                entry.id(),
                tableFailure,
                deadLetters);
        count(entry.stage(), "dead-letter");
    }

    private void count(Stage stage, String store) {
        // The constructor made one per stage and store.
        Objects.requireNonNull(counters.get(stage.value() + store)).increment();
    }

    /** One page of the quarantine, newest first, optionally between two instants. */
    @Transactional(readOnly = true)
    Page<Quarantined> find(@Nullable Instant since, @Nullable Instant until, int page, int size) {
        List<Specification<QuarantineEntry>> filters = new ArrayList<>();
        if (since != null) {
            filters.add(QuarantineEntryRepository.since(since));
        }
        if (until != null) {
            filters.add(QuarantineEntryRepository.until(until));
        }
        return entries.findAll(Specification.allOf(filters), PageRequest.of(page, size, NEWEST_FIRST))
                .map(this::quarantined);
    }

    private Quarantined quarantined(QuarantineEntry entry) {
        byte[] payload = entry.payload();
        NotificationRecord notification = null;
        if (!Stage.SPOOL.value().equals(entry.stage())) {
            try {
                notification = json.readValue(payload, NotificationRecord.class);
            } catch (RuntimeException e) {
                // Shown as bytes below.
            }
        }
        return new Quarantined(
                entry.id(),
                entry.quarantinedAt(),
                entry.stage(),
                entry.sqlState(),
                entry.reason(),
                notification,
                payload);
    }

    /**
     * One quarantined entry.
     *
     * @param notification the notification refused, when the payload is one
     * @param payload what was refused: the notification as JSON, or the unreadable spool line
     */
    record Quarantined(
            UUID id,
            Instant quarantinedAt,
            String stage,
            @Nullable String sqlState,
            String reason,
            @Nullable NotificationRecord notification,
            byte[] payload) {}

    private record Entry(UUID id, Stage stage, @Nullable String sqlState, String reason, byte[] payload) {}
}
