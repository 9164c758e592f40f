package dev.downtime.receiver.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Deletes notifications, and closed incidents (with their checks and alerts), older than {@code
 * receiver.retention.max-age}, in batches. With several instances, one runs it at a time: it holds
 * a PostgreSQL advisory lock for the run, and the others skip theirs. The audit log is kept.
 */
@Component
class RetentionJob implements SchedulingConfigurer {

    static final long RETENTION_LOCK = 0x726574656e74696fL;

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final DataSource dataSource;
    private final Clock clock;
    private final RetentionProperties properties;

    RetentionJob(DataSource dataSource, Clock clock, RetentionProperties properties) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::runQuietly, properties.interval());
    }

    private void runQuietly() {
        try {
            run();
        } catch (SQLException | RuntimeException e) {
            log.warn("Retention run failed: {}", e.toString());
        }
    }

    /**
     * What one run did.
     *
     * @param ran false when another instance held the lock, and this one did nothing
     * @param deleted rows deleted
     * @param batches deletions that removed rows, each in its own transaction
     */
    record Run(boolean ran, long deleted, int batches) {

        static final Run SKIPPED = new Run(false, 0, 0);

        Run plus(Run other) {
            return new Run(ran || other.ran, deleted + other.deleted, batches + other.batches);
        }
    }

    Run run() throws SQLException {
        OffsetDateTime cutoff = OffsetDateTime.ofInstant(clock.instant().minus(properties.maxAge()), ZoneOffset.UTC);
        // A session lock on one connection, kept for the whole run; each batch commits on its own.
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            if (!lock(connection, "pg_try_advisory_lock")) {
                return Run.SKIPPED;
            }
            try {
                Run run = deleteInBatches(
                                connection,
                                "DELETE FROM notification WHERE id IN (SELECT id FROM notification"
                                        + " WHERE received_at < ? LIMIT ?)",
                                cutoff)
                        .plus(deleteInBatches(
                                connection,
                                "DELETE FROM incident WHERE id IN (SELECT id FROM incident"
                                        + " WHERE closed_at IS NOT NULL AND closed_at < ? LIMIT ?)",
                                cutoff));
                if (run.deleted() > 0) {
                    log.info(
                            "Retention: deleted {} rows older than {} in {} batches",
                            run.deleted(),
                            cutoff,
                            run.batches());
                }
                return run;
            } finally {
                lock(connection, "pg_advisory_unlock");
            }
        }
    }

    private Run deleteInBatches(Connection connection, String sql, OffsetDateTime cutoff) throws SQLException {
        long total = 0;
        int batches = 0;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, cutoff);
            statement.setInt(2, properties.batchSize());
            for (int deleted = statement.executeUpdate(); deleted > 0; deleted = statement.executeUpdate()) {
                total += deleted;
                batches++;
            }
        }
        return new Run(true, total, batches);
    }

    private static boolean lock(Connection connection, String function) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?)")) {
            statement.setLong(1, RETENTION_LOCK);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }
}
