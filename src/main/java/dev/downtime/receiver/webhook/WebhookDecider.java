package dev.downtime.receiver.webhook;

import dev.downtime.receiver.maintenance.Coverage;
import dev.downtime.receiver.maintenance.MaintenanceSchedule;
import dev.downtime.receiver.maintenance.ScheduledWindow;
import dev.downtime.receiver.site.SiteUrl;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Decides the webhook's answer from the in-memory maintenance schedule; never touches the database. */
@Component
class WebhookDecider {

    private final MaintenanceSchedule schedule;
    private final Clock clock;
    private final Timer latency;

    WebhookDecider(MaintenanceSchedule schedule, Clock clock, MeterRegistry meters) {
        this.schedule = schedule;
        this.clock = clock;
        this.latency = Timer.builder("receiver.decision.latency")
                .description("Time to decide a webhook's answer from the in-memory index")
                .publishPercentiles(0.5, 0.99, 0.999)
                .register(meters);
    }

    /** The answer to a party whose maintenance we do not reveal: always {@code ok}. */
    WebhookDecision withoutMaintenance(SiteUrl url, int code) {
        return new WebhookDecision(clock.instant(), url, code, List.of(), Coverage.NONE, Reply.OK);
    }

    WebhookDecision decide(SiteUrl url, @Nullable String hostSlug, int code) {
        long start = System.nanoTime();
        Instant now = clock.instant();
        List<ScheduledWindow> matching = schedule.matching(url, hostSlug);
        Coverage coverage = Coverage.at(matching, now);
        WebhookDecision decision = new WebhookDecision(now, url, code, matching, coverage, Reply.to(code, coverage));
        latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return decision;
    }
}
