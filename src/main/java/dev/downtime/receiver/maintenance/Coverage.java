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
     * ({@code [a, b)} then {@code [b, c)}) chain; a gap breaks the stretch.
     */
    public static Coverage at(List<ScheduledWindow> matching, Instant now) {
        Instant end = null;
        List<ScheduledWindow> stretch = new ArrayList<>();
        List<ScheduledWindow> later = new ArrayList<>();
        for (ScheduledWindow window : matching) {
            switch (window.stateAt(now)) {
                case ACTIVE -> {
                    stretch.add(window);
                    end = end == null || window.endsAt().isAfter(end) ? window.endsAt() : end;
                }
                case UPCOMING -> later.add(window);
                case ENDED -> {}
            }
        }
        if (end == null) {
            return NONE;
        }
        later.sort(Comparator.comparing(ScheduledWindow::startsAt));
        for (ScheduledWindow window : later) {
            if (window.startsAt().isAfter(end)) {
                break;
            }
            stretch.add(window);
            if (window.endsAt().isAfter(end)) {
                end = window.endsAt();
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
