package dev.downtime.receiver.webhook;

import dev.downtime.receiver.database.DatabaseAvailability;
import dev.downtime.receiver.maintenance.MaintenanceSchedule;
import dev.downtime.receiver.notifications.NotificationLog;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Part of readiness: {@code UP} when answers come from windows loaded from PostgreSQL and
 * notifications are committed there; {@code DEGRADED} (still HTTP 200, still taking traffic)
 * while PostgreSQL is unavailable and the service answers from memory or its snapshot and spools.
 */
@Component("receiver")
class ReceiverHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "Answering without PostgreSQL");

    private final DatabaseAvailability database;
    private final MaintenanceSchedule schedule;
    private final NotificationLog notifications;

    ReceiverHealthIndicator(
            DatabaseAvailability database, MaintenanceSchedule schedule, NotificationLog notifications) {
        this.database = database;
        this.schedule = schedule;
        this.notifications = notifications;
    }

    @Override
    public Health health() {
        var outage = database.outage();
        Map<String, Object> windows = new LinkedHashMap<>();
        windows.put("source", schedule.source().name().toLowerCase(java.util.Locale.ROOT));
        windows.put("count", schedule.size());
        windows.put("ageSeconds", schedule.age().toSeconds());
        Health.Builder health = outage == null && schedule.source() == MaintenanceSchedule.Source.DATABASE
                ? Health.up()
                : Health.status(DEGRADED);
        if (outage != null) {
            health.withDetail("databaseUnavailableSince", outage.since().toString())
                    .withDetail("databaseUnavailableReason", outage.reason());
        }
        return health.withDetail("windows", windows)
                .withDetail("spoolDepth", notifications.spoolDepth())
                .withDetail("dropped", notifications.dropped())
                .build();
    }
}
