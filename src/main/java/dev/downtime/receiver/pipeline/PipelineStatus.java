package dev.downtime.receiver.pipeline;

import dev.downtime.receiver.alerts.AlertLog;
import dev.downtime.receiver.incidents.Incidents;
import dev.downtime.receiver.notifications.NotificationLog;
import dev.downtime.receiver.verification.SiteChecks;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Reads the pipeline's state from PostgreSQL now and then ({@link #refresh}, a background job), and
 * serves it from memory: a scrape or a health probe never waits on the database, and sees the last
 * state read, with its time.
 */
@Component("pipeline")
class PipelineStatus implements HealthIndicator {

    /** What was read, and when. */
    record Snapshot(Instant at, Incidents.TrackerStatus tracker, long checksQueued, AlertLog.Outbox outbox) {}

    private final NotificationLog notifications;
    private final Incidents incidents;
    private final SiteChecks checks;
    private final AlertLog alerts;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Set<String> channelsRegistered = new HashSet<>();
    private volatile @Nullable Snapshot last;

    PipelineStatus(
            NotificationLog notifications,
            Incidents incidents,
            SiteChecks checks,
            AlertLog alerts,
            Clock clock,
            MeterRegistry meters) {
        this.notifications = notifications;
        this.incidents = incidents;
        this.checks = checks;
        this.alerts = alerts;
        this.clock = clock;
        this.meters = meters;
        Gauge.builder(
                        "receiver.incidents.tracker.lag",
                        this,
                        status -> status.value(s -> seconds(s.tracker().lag())))
                .description("How far folding notifications into incidents is behind receiving them")
                .baseUnit("seconds")
                .register(meters);
        Gauge.builder(
                        "receiver.incidents.open",
                        this,
                        status -> status.value(s -> s.tracker().open()))
                .description("Incidents open now")
                .register(meters);
        Gauge.builder("receiver.verification.checks.queued", this, status -> status.value(Snapshot::checksQueued))
                .description("Incidents due a check of their site, waiting for a free slot")
                .register(meters);
        Gauge.builder(
                        "receiver.alerts.oldest.undelivered.age",
                        this,
                        status -> status.value(s -> seconds(s.outbox().oldestUndelivered())))
                .description("Age of the oldest alert message not yet delivered nor given up")
                .baseUnit("seconds")
                .register(meters);
    }

    /** Reads the state now; the gauges and the health details show it until the next refresh. */
    void refresh() {
        Instant now = clock.instant();
        Snapshot snapshot = new Snapshot(
                now,
                incidents.trackerStatus(notifications.newestReceivedAt()),
                checks.queuedAt(now),
                alerts.outbox(now));
        last = snapshot;
        for (String channel : snapshot.outbox().pending().keySet()) {
            if (channelsRegistered.add(channel)) {
                Gauge.builder(
                                "receiver.alerts.pending",
                                this,
                                status -> status.value(s -> s.outbox().pending().getOrDefault(channel, 0L)))
                        .description("Alert messages not yet delivered nor given up")
                        .tag("channel", channel)
                        .register(meters);
            }
        }
    }

    @Override
    public Health health() {
        Snapshot snapshot = last;
        if (snapshot == null) {
            return Health.unknown().withDetail("reason", "not read yet").build();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("readAt", snapshot.at().toString());
        details.put("trackerLagSeconds", seconds(snapshot.tracker().lag()));
        details.put("openIncidents", snapshot.tracker().open());
        details.put("checksQueued", snapshot.checksQueued());
        details.put("alertsPending", snapshot.outbox().pending());
        details.put("oldestUndeliveredAlertSeconds", seconds(snapshot.outbox().oldestUndelivered()));
        // Information for admins, never a reason to take the instance out of service.
        return Health.up().withDetails(details).build();
    }

    private double value(ToDoubleFunction<Snapshot> read) {
        Snapshot snapshot = last;
        return snapshot == null ? Double.NaN : read.applyAsDouble(snapshot);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
