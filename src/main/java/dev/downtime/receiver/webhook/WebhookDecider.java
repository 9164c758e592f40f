package dev.downtime.receiver.webhook;

import dev.downtime.receiver.maintenance.Coverage;
import dev.downtime.receiver.maintenance.MaintenanceSchedule;
import dev.downtime.receiver.maintenance.ScheduledWindow;
import dev.downtime.receiver.site.SiteUrl;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Decides the webhook's answer from the in-memory maintenance schedule; never touches the database. */
@Component
class WebhookDecider {

    private final MaintenanceSchedule schedule;
    private final Clock clock;

    WebhookDecider(MaintenanceSchedule schedule, Clock clock) {
        this.schedule = schedule;
        this.clock = clock;
    }

    WebhookDecision decide(SiteUrl url, @Nullable String hostSlug, int code) {
        Instant now = clock.instant();
        List<ScheduledWindow> matching = schedule.matching(url, hostSlug);
        Coverage coverage = Coverage.at(matching, now);
        return new WebhookDecision(now, url, code, matching, coverage, Reply.to(code, coverage));
    }
}
