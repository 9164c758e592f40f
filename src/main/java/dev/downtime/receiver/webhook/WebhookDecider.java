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
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Decides the webhook's answer from the in-memory maintenance schedule and the expected host
 * slugs; never touches the database. The webhook and the decision API both ask it, so that they
 * cannot disagree.
 */
@Component
class WebhookDecider {

    private final MaintenanceSchedule schedule;
    private final Clock clock;
    private final Set<String> expectedHosts;
    private final Timer latency;

    WebhookDecider(MaintenanceSchedule schedule, Clock clock, WebhookProperties properties, MeterRegistry meters) {
        this.schedule = schedule;
        this.clock = clock;
        this.expectedHosts = properties.expectedHosts().stream()
                .map(WebhookDecider::slugKey)
                .collect(Collectors.toUnmodifiableSet());
        this.latency = Timer.builder("receiver.decision.latency")
                .description("Time to decide a webhook's answer from the in-memory index")
                .publishPercentiles(0.5, 0.99, 0.999)
                .register(meters);
    }

    WebhookDecision decide(SiteUrl url, @Nullable String hostSlug, int code) {
        long start = System.nanoTime();
        Instant now = clock.instant();
        WebhookDecision decision = isForeign(hostSlug)
                ? foreign(url, code, now)
                : decision(url, code, now, schedule.matching(url, hostSlug));
        latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return decision;
    }

    /** The answer the webhook would give at {@code at}, past or future: for the decision API. */
    WebhookDecision decideAt(SiteUrl url, @Nullable String hostSlug, int code, Instant at) {
        return isForeign(hostSlug)
                ? foreign(url, code, at)
                : decision(url, code, at, schedule.matchingAt(url, hostSlug, at));
    }

    /** Maintenance is never revealed to a party we do not know as Monitor. */
    private static WebhookDecision foreign(SiteUrl url, int code, Instant at) {
        return new WebhookDecision(at, url, code, true, List.of(), Coverage.NONE, Reply.OK);
    }

    private WebhookDecision decision(SiteUrl url, int code, Instant at, List<ScheduledWindow> matching) {
        Coverage coverage = Coverage.at(matching, at).cappedAt(at.plus(schedule.maxPromise()));
        return new WebhookDecision(at, url, code, false, matching, coverage, Reply.to(code, coverage));
    }

    /** With expected hosts configured, a missing slug is as unknown as a wrong one. */
    private boolean isForeign(@Nullable String hostSlug) {
        return !expectedHosts.isEmpty() && (hostSlug == null || !expectedHosts.contains(slugKey(hostSlug)));
    }

    private static String slugKey(String slug) {
        return slug.strip().toLowerCase(Locale.ROOT);
    }
}
