package dev.downtime.receiver.retention;

import dev.downtime.receiver.alerts.AlertLog;
import dev.downtime.receiver.database.Purged;
import dev.downtime.receiver.incidents.Incidents;
import dev.downtime.receiver.notifications.NotificationLog;
import dev.downtime.receiver.verification.SiteChecks;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes what is older than {@code receiver.retention.max-age}: it owns no table, and asks each
 * module that does to delete its own old rows, in batches: notifications, closed incidents, our own
 * checks, alerts no longer being sent. It runs as the {@code retention} job, on one instance at a
 * time (see {@link RetentionJobs}). The audit log is kept.
 */
@Component
class RetentionJob {

    static final long RETENTION_LOCK = 0x726574656e74696fL;

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final NotificationLog notifications;
    private final Incidents incidents;
    private final SiteChecks checks;
    private final AlertLog alerts;
    private final Clock clock;
    private final RetentionProperties properties;

    RetentionJob(
            NotificationLog notifications,
            Incidents incidents,
            SiteChecks checks,
            AlertLog alerts,
            Clock clock,
            RetentionProperties properties) {
        this.notifications = notifications;
        this.incidents = incidents;
        this.checks = checks;
        this.alerts = alerts;
        this.clock = clock;
        this.properties = properties;
    }

    Purged run() {
        Instant cutoff = clock.instant().minus(properties.maxAge());
        int batch = properties.batchSize();
        Purged purged = notifications
                .purgeOlderThan(cutoff, batch)
                .plus(incidents.purgeOlderThan(cutoff, batch))
                .plus(checks.purgeOlderThan(cutoff, batch))
                .plus(alerts.purgeOlderThan(cutoff, batch));
        if (purged.rows() > 0) {
            log.info("Retention: deleted {} rows older than {} in {} batches", purged.rows(), cutoff, purged.batches());
        }
        return purged;
    }
}
