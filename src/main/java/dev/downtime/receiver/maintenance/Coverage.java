package dev.downtime.receiver.maintenance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The continuous stretch of maintenance that covers a site at an instant.
 *
 * @param windows the windows that make up the stretch, in order of start; empty when not covered
 * @param until the end of the stretch, or {@code null} when no window is active
 */
public record Coverage(
        List<ScheduledWindow> windows, @Nullable Instant until) {

    public static final Coverage NONE = new Coverage(List.of(), null);

    /**
     * Starts from the windows active at {@code now}, then, while another matching window starts at
     * or before the stretch's end, extends the stretch to that window's end. Adjacent windows
     * ({@code [a, b)} then {@code [b, c)}) chain; a gap breaks the stretch. No sort and no
     * allocation unless covered: a recurring window may hold hundreds of occurrences for a target,
     * so the stretch is extended by a pass over them per link of the chain instead.
     */
    public static Coverage at(List<ScheduledWindow> matching, Instant now) {
        Instant end = null;
        for (ScheduledWindow window : matching) {
            if (window.isActiveAt(now) && (end == null || window.endsAt().isAfter(end))) {
                end = window.endsAt();
            }
        }
        if (end == null) {
            return NONE;
        }
        for (boolean extended = true; extended; ) {
            extended = false;
            for (ScheduledWindow window : matching) {
                if (window.startsAt().isAfter(now)
                        && !window.startsAt().isAfter(end)
                        && window.endsAt().isAfter(end)) {
                    end = window.endsAt();
                    extended = true;
                }
            }
        }
        // Every window active now, and every later one starting within the stretch.
        List<ScheduledWindow> stretch = new ArrayList<>();
        for (ScheduledWindow window : matching) {
            if (window.endsAt().isAfter(now) && !window.startsAt().isAfter(end)) {
                stretch.add(window);
            }
        }
        stretch.sort(Comparator.comparing(ScheduledWindow::startsAt).thenComparing(ScheduledWindow::id));
        return new Coverage(List.copyOf(stretch), end);
    }

    /**
     * This stretch answered no further ahead than {@code limit} ({@code max-promise}): Monitor is
     * never promised more, however long the stretch.
     */
    public Coverage cappedAt(Instant limit) {
        return until != null && until.isAfter(limit) ? new Coverage(windows, limit) : this;
    }

    public boolean covered() {
        return until != null;
    }
}
