package dev.downtime.receiver.maintenance;

import dev.downtime.receiver.notifications.NotificationLog;
import dev.downtime.receiver.notifications.ReportedUrl;
import dev.downtime.receiver.site.InvalidSiteUrlException;
import dev.downtime.receiver.site.SiteUrl;
import dev.downtime.receiver.sites.Inventory;
import dev.downtime.receiver.sites.Selector;
import dev.downtime.receiver.sites.SelectorIndex;
import dev.downtime.receiver.sites.Site;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * What a window would cover, before it is created or changed: the inventory sites it matches now
 * and, for the scopes that name sites by URL, domain or host, the URLs Monitor reported in the last
 * 30 days that it would match. From memory, but for the reported URLs (one bounded query).
 */
@Component
class WindowPreviews {

    /** How many URLs each part of a preview lists; all are counted. */
    static final int SHOWN = 100;

    private final MaintenanceSchedule schedule;
    private final Inventory inventory;
    private final NotificationLog notifications;
    private final Clock clock;

    WindowPreviews(MaintenanceSchedule schedule, Inventory inventory, NotificationLog notifications, Clock clock) {
        this.schedule = schedule;
        this.inventory = inventory;
        this.notifications = notifications;
        this.clock = clock;
    }

    WindowPreview of(WindowSpec spec) {
        if (spec.scope() == WindowScope.SELECTOR) {
            SelectorIndex.Matches matches = schedule.sitesMatching(Selector.parse(spec.target()), SHOWN);
            return new WindowPreview(WindowDraft.of(spec), new Matched(matches.count(), matches.first()), null);
        }
        ScheduledWindow window = new ScheduledWindow(
                UUID.randomUUID(), spec.scope(), spec.target(), spec.startsAt(), spec.endsAt(), null);
        MaintenanceIndex index = MaintenanceIndex.build(List.of(window));
        List<String> sites = new ArrayList<>();
        for (Site site : inventory.sites()) {
            if (!index.matching(site.url(), site.host()).isEmpty()) {
                sites.add(site.key());
            }
        }
        sites.sort(null);
        Matched reported = null;
        if (spec.scope() != WindowScope.URL) {
            List<String> urls = new ArrayList<>();
            for (ReportedUrl seen : notifications.reportedRecently(clock.instant())) {
                if (matches(index, seen)) {
                    urls.add(seen.url());
                }
            }
            reported = Matched.of(urls);
        }
        return new WindowPreview(WindowDraft.of(spec), Matched.of(sites), reported);
    }

    private static boolean matches(MaintenanceIndex index, ReportedUrl seen) {
        try {
            return !index.matching(SiteUrl.parse(seen.url()), seen.host()).isEmpty();
        } catch (InvalidSiteUrlException e) {
            // Stored URLs are normalized ones; one that no longer parses matches nothing.
            return false;
        }
    }
}

/**
 * A preview's answer.
 *
 * @param sites the inventory sites the window matches now
 * @param reported for the scopes domain and host, the URLs reported in the last 30 days that it
 *     would match, most recently reported first; null for the others
 */
record WindowPreview(
        WindowDraft window, Matched sites, @Nullable Matched reported) {}

/** How many URLs, and the first {@value WindowPreviews#SHOWN} of them. */
record Matched(int count, List<String> first) {

    static Matched of(List<String> urls) {
        return new Matched(urls.size(), List.copyOf(urls.subList(0, Math.min(WindowPreviews.SHOWN, urls.size()))));
    }
}

/** A window as it would be stored: its target normalized. */
record WindowDraft(
        WindowScope scope,
        String target,
        java.time.Instant startsAt,
        java.time.Instant endsAt,
        @Nullable String reason) {

    static WindowDraft of(WindowSpec spec) {
        return new WindowDraft(spec.scope(), spec.target(), spec.startsAt(), spec.endsAt(), spec.reason());
    }
}
