package dev.downtime.receiver.alerts;

import dev.downtime.receiver.alerts.AlertMessage.IncidentSummary;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due alerts from the outbox, each on its channel, and records the outcome: delivered, or
 * retried later with exponential backoff, or given up after the last attempt. Alerts are claimed
 * with {@code SKIP LOCKED}, so several instances share the work without sending anything twice.
 */
@Component
class AlertDispatcher implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(AlertDispatcher.class);
    private static final int BATCH = 20;

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Map<String, AlertChannel> channels;
    private final AlertsProperties properties;
    private final Clock clock;

    AlertDispatcher(
            JdbcClient jdbc,
            TransactionTemplate transaction,
            List<AlertChannel> channels,
            AlertsProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.channels = channels.stream().collect(Collectors.toMap(AlertChannel::name, Function.identity()));
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!channels.isEmpty()) {
            registrar.addFixedDelayTask(this::dispatchQuietly, properties.dispatchInterval());
        }
    }

    private void dispatchQuietly() {
        try {
            while (dispatch() == BATCH) {
                // a full batch: there may be more due
            }
        } catch (RuntimeException e) {
            log.warn("Could not dispatch alerts: {}", e.toString());
        }
    }

    /** @return how many alerts were attempted */
    int dispatch() {
        Integer attempted = transaction.execute(status -> {
            Instant now = clock.instant();
            List<Due> due = jdbc.sql("""
                            SELECT a.id, a.transition, a.channel, a.attempts, a.created_at,
                                   i.id AS incident_id, i.normalized_url, i.host, i.opened_at, i.closed_at,
                                   i.notification_count, i.first_code, i.worst_code, i.last_code, i.covered,
                                   i.covering_window_ids, i.maintenance_overran_at, i.verdict
                              FROM alert a JOIN incident i ON i.id = a.incident_id
                             WHERE a.status = 'pending' AND a.next_attempt_at <= :now
                             ORDER BY a.next_attempt_at
                             LIMIT :batch
                               FOR UPDATE OF a SKIP LOCKED
                            """)
                    .param("now", utc(now))
                    .param("batch", BATCH)
                    .query((rs, row) -> due(rs))
                    .list();
            for (Due alert : due) {
                attempt(alert, now);
            }
            return due.size();
        });
        return attempted == null ? 0 : attempted;
    }

    private void attempt(Due alert, Instant now) {
        AlertChannel channel = channels.get(alert.channel());
        int attempts = alert.attempts() + 1;
        try {
            if (channel == null) {
                throw new IllegalStateException("channel " + alert.channel() + " is no longer configured");
            }
            channel.deliver(alert.message());
            jdbc.sql("UPDATE alert SET status = 'delivered', attempts = :attempts, delivered_at = :now,"
                            + " next_attempt_at = NULL, last_error = NULL WHERE id = :id")
                    .param("attempts", attempts)
                    .param("now", utc(now))
                    .param("id", alert.message().id())
                    .update();
        } catch (Exception e) {
            boolean giveUp = attempts >= properties.maxAttempts();
            Instant next = now.plus(backoff(attempts));
            log.warn(
                    "Alert {} on {} failed (attempt {}){}: {}",
                    alert.message().id(),
                    alert.channel(),
                    attempts,
                    giveUp ? ", giving up" : ", retrying at " + next,
                    e.toString());
            jdbc.sql("UPDATE alert SET status = :status, attempts = :attempts, next_attempt_at = :next,"
                            + " last_error = :error WHERE id = :id")
                    .param("status", giveUp ? "failed" : "pending")
                    .param("attempts", attempts)
                    .param("next", giveUp ? null : utc(next), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                    .param("error", truncate(e.toString()))
                    .param("id", alert.message().id())
                    .update();
        }
    }

    /** initial, 2 × initial, 4 × initial, ... up to the maximum. */
    Duration backoff(int attempts) {
        Duration wait = properties.initialBackoff();
        for (int i = 1; i < attempts && wait.compareTo(properties.maxBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : wait;
    }

    private static String truncate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500);
    }

    private static Due due(ResultSet rs) throws SQLException {
        UUID[] windows = (UUID[]) rs.getArray("covering_window_ids").getArray();
        IncidentSummary incident = new IncidentSummary(
                rs.getObject("incident_id", UUID.class),
                rs.getString("normalized_url"),
                rs.getString("host"),
                instant(rs, "opened_at"),
                instantOrNull(rs, "closed_at"),
                rs.getInt("notification_count"),
                rs.getInt("first_code"),
                rs.getInt("worst_code"),
                rs.getInt("last_code"),
                rs.getBoolean("covered"),
                Arrays.asList(windows),
                instantOrNull(rs, "maintenance_overran_at"),
                rs.getString("verdict"));
        AlertMessage message = new AlertMessage(
                rs.getObject("id", UUID.class),
                "incident." + rs.getString("transition"),
                instant(rs, "created_at"),
                incident);
        return new Due(message, rs.getString("channel"), rs.getInt("attempts"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static @Nullable Instant instantOrNull(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private record Due(AlertMessage message, String channel, int attempts) {}
}
