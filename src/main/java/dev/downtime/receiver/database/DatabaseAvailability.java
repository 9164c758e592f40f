package dev.downtime.receiver.database;

import java.time.Clock;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Whether PostgreSQL is taking work. Once a commit fails or takes longer than its bound, webhook
 * requests stop waiting on it and go straight to the spool until a probe succeeds again.
 */
@Component
public class DatabaseAvailability {

    private static final Logger log = LoggerFactory.getLogger(DatabaseAvailability.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final SchemaMigration schema;
    private final Instant startedAt;
    private volatile @Nullable Outage outage;

    DatabaseAvailability(JdbcTemplate jdbc, Clock clock, SchemaMigration schema) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.schema = schema;
        this.startedAt = clock.instant();
    }

    public boolean available() {
        return outage == null && schema.migrated();
    }

    /** Since when, and why, the database is considered unavailable; null when it is available. */
    public @Nullable Outage outage() {
        Outage current = outage;
        if (current == null && !schema.migrated()) {
            return new Outage(startedAt, "unreachable at start-up, schema not migrated yet");
        }
        return current;
    }

    public void markUnavailable(String reason) {
        if (outage == null) {
            outage = new Outage(clock.instant(), reason);
            log.warn("PostgreSQL unavailable ({}): answering from memory, spooling notifications", reason);
        }
    }

    void markAvailable() {
        Outage ended = outage;
        if (ended != null) {
            outage = null;
            log.info("PostgreSQL available again after an outage since {}", ended.since());
        }
    }

    /**
     * During an outage, tries PostgreSQL once (every {@code receiver.database.probe-interval}, as
     * the {@code database-probe} job).
     *
     * @throws org.springframework.dao.DataAccessException while PostgreSQL is still unavailable
     */
    void probe() {
        if (outage == null || !schema.migrated()) {
            return;
        }
        jdbc.queryForObject("SELECT 1", Integer.class);
        markAvailable();
    }

    public record Outage(Instant since, String reason) {}
}
