package dev.downtime.receiver.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes notifications, and closed incidents (with their checks and alerts), older than {@code
 * receiver.retention.max-age}, in batches. It runs as the {@code retention} job, on one instance
 * at a time (see {@link RetentionJobs}). The audit log is kept.
 */
@Component
class RetentionJob {

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

    /**
     * What one run did.
     *
     * @param deleted rows deleted
     * @param batches deletions that removed rows, each in its own transaction
     */
    record Run(long deleted, int batches) {

        Run plus(Run other) {
            return new Run(deleted + other.deleted, batches + other.batches);
        }
    }

    Run run() throws SQLException {
        OffsetDateTime cutoff = OffsetDateTime.ofInstant(clock.instant().minus(properties.maxAge()), ZoneOffset.UTC);
        try (Connection connection = dataSource.getConnection()) {
            // Each batch commits on its own, so that no lock is held long.
            connection.setAutoCommit(true);
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
                        "Retention: deleted {} rows older than {} in {} batches", run.deleted(), cutoff, run.batches());
            }
            return run;
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
        return new Run(total, batches);
    }
}
