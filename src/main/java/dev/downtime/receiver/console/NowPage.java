package dev.downtime.receiver.console;

import dev.downtime.receiver.incidents.IncidentView;
import dev.downtime.receiver.incidents.Incidents;
import dev.downtime.receiver.maintenance.MaintenanceSchedule;
import dev.downtime.receiver.maintenance.MaintenanceWindows;
import dev.downtime.receiver.maintenance.ScheduledWindow;
import dev.downtime.receiver.notifications.NotificationLog;
import dev.downtime.receiver.notifications.RecentNotification;
import dev.downtime.receiver.security.RequiresRole;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.web.ConsolePage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The Now page: what is in maintenance now and in the next {@value #TIMELINE_DAYS} days, the open
 * incidents, the latest notifications and the service's health, each from its owner's public query.
 */
@Controller
@ConsolePage
@RequiresRole(Role.VIEWER)
class NowPage {

    static final int TIMELINE_DAYS = 14;
    private static final int SHOWN = 20;

    private final MaintenanceWindows windows;
    private final MaintenanceSchedule schedule;
    private final Incidents incidents;
    private final NotificationLog notifications;
    private final ObjectProvider<HealthEndpoint> health;
    private final Clock clock;

    NowPage(
            MaintenanceWindows windows,
            MaintenanceSchedule schedule,
            Incidents incidents,
            NotificationLog notifications,
            ObjectProvider<HealthEndpoint> health,
            Clock clock) {
        this.windows = windows;
        this.schedule = schedule;
        this.incidents = incidents;
        this.notifications = notifications;
        this.health = health;
        this.clock = clock;
    }

    @GetMapping("/console")
    String now(Model model) {
        Instant now = clock.instant();
        // The timeline starts at the top of the current hour, so that its ticks fall on whole days.
        Instant from = now.truncatedTo(ChronoUnit.HOURS);
        Instant until = from.plus(Duration.ofDays(TIMELINE_DAYS));
        List<ScheduledWindow> shown = windows.activeOrStartingBefore(now, until, 100);
        List<IncidentView> open = incidents.open(SHOWN);
        List<RecentNotification> latest = notifications.latest(SHOWN);
        model.addAttribute("now", now);
        model.addAttribute(
                "active", shown.stream().filter(w -> w.isActiveAt(now)).toList());
        model.addAttribute(
                "upcoming", shown.stream().filter(w -> !w.isActiveAt(now)).toList());
        model.addAttribute("timeline", Timeline.of(shown, from, until));
        model.addAttribute("incidents", open);
        model.addAttribute("notifications", latest);
        model.addAttribute("health", health());
        model.addAttribute(
                "schedule",
                new ScheduleHealth(
                        schedule.size(), schedule.source().name().toLowerCase(java.util.Locale.ROOT), schedule.age()));
        model.addAttribute("spool", new SpoolHealth(notifications.spoolDepth(), notifications.dropped()));
        return "console/now";
    }

    private Map<String, String> health() {
        Map<String, String> statuses = new LinkedHashMap<>();
        HealthEndpoint endpoint = health.getIfAvailable();
        if (endpoint == null) {
            return statuses;
        }
        HealthDescriptor overall = endpoint.health();
        statuses.put("overall", overall.getStatus().getCode());
        if (overall instanceof CompositeHealthDescriptor composite && composite.getComponents() != null) {
            composite
                    .getComponents()
                    .forEach((name, part) -> statuses.put(name, part.getStatus().getCode()));
        }
        return statuses;
    }

    record ScheduleHealth(int windows, String source, Duration age) {}

    record SpoolHealth(long depth, long dropped) {}

    /**
     * The windows of the timeline as bars: where each starts and how long it lasts, in percent of
     * the timeline, clipped to it. Drawn in SVG, whose coordinates are attributes, not inline
     * styles, which the console's Content-Security-Policy forbids.
     */
    record Timeline(Instant from, Instant until, List<Bar> bars, List<Tick> ticks) {

        record Bar(ScheduledWindow window, double x, double width, double y) {

            /** The window's target is written beside its bar: after it, or before it near the right edge. */
            public boolean labelBefore() {
                return x + width > 70;
            }

            public double labelX() {
                return labelBefore() ? x - 0.5 : x + width + 0.5;
            }
        }

        record Tick(double x, String label) {}

        static final double ROW = 22;

        static Timeline of(List<ScheduledWindow> windows, Instant from, Instant until) {
            double span = Duration.between(from, until).toMillis();
            List<Bar> bars = new ArrayList<>();
            for (ScheduledWindow w : windows) {
                Instant start = w.startsAt().isBefore(from) ? from : w.startsAt();
                Instant end = w.endsAt().isAfter(until) ? until : w.endsAt();
                double x = Duration.between(from, start).toMillis() / span * 100;
                // At least a sliver, so that a short window is still seen and can be pointed at.
                double width = Math.max(0.4, Duration.between(start, end).toMillis() / span * 100);
                bars.add(new Bar(w, x, Math.min(width, 100 - x), 24 + bars.size() * ROW));
            }
            List<Tick> ticks = new ArrayList<>();
            Instant day = from.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
            for (; day.isBefore(until); day = day.plus(Duration.ofDays(1))) {
                ticks.add(new Tick(
                        Duration.between(from, day).toMillis() / span * 100,
                        day.toString().substring(5, 10)));
            }
            return new Timeline(from, until, bars, ticks);
        }

        /** The drawing's height: a header for the day labels, then a row per window. */
        public double height() {
            return 24 + Math.max(1, bars.size()) * ROW + 4;
        }
    }
}
