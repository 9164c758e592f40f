package dev.downtime.receiver.alerts.grouping;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One message about a group, as the engine emits it and every channel renders it: the group's
 * whole picture at {@link #at()}, and what changed since its previous message. Each list names at
 * most {@code receiver.alerts.listed-sites} sites, the first in its order, and its count says how
 * many there are: a mass outage's group can hold more sites than a message should carry.
 *
 * @param group the group
 * @param kind why it is sent
 * @param sequence its number within the group (1 for the group's first message)
 * @param at when it was emitted
 * @param firstAlertAt when the episode's first alert came
 * @param sitesDown the sites down now, the most telling first: confirmed by our checks, then
 *     longest down, then by URL
 * @param newlyDown the first of those that no earlier message named, in the same order
 * @param back the first sites back since the previous message (or down and back since, for longer
 *     than a flap), by time of recovery
 * @param down how many sites are down now
 * @param confirmed how many of those our own checks confirmed
 * @param newlyDownCount how many of those no earlier message named
 * @param backCount how many sites are back since the previous message
 * @param incidentsPath the admin API's list of the group's incidents, a path and query (the
 *     renderers resolve it against {@code receiver.alerts.link-base-url})
 */
public record GroupMessage(
        GroupKey group,
        Kind kind,
        int sequence,
        Instant at,
        Instant firstAlertAt,
        List<Site> sitesDown,
        List<Site> newlyDown,
        List<Site> back,
        int down,
        int confirmed,
        int newlyDownCount,
        int backCount,
        String incidentsPath) {

    public GroupMessage {
        Objects.requireNonNull(group);
        Objects.requireNonNull(kind);
        sitesDown = List.copyOf(sitesDown);
        newlyDown = List.copyOf(newlyDown);
        back = List.copyOf(back);
        if (down < sitesDown.size()
                || newlyDownCount < newlyDown.size()
                || backCount < back.size()
                || confirmed < 0
                || confirmed > down
                || newlyDownCount > down) {
            throw new IllegalArgumentException("a count is less than its list, or more than the sites down");
        }
    }

    /** Why a message is sent. */
    public enum Kind {
        /** The first message of an episode: sites are down. */
        OPENED,
        /** Sites went down, came back, or were confirmed since the previous message; some are still down. */
        UPDATED,
        /** Nothing changed for {@code repeat-interval}, and sites are still down. */
        REPEATED,
        /** Every site is back: the group is closed. */
        RESOLVED
    }

    /**
     * A site as a message shows it.
     *
     * @param backAt when it came back; null while down
     */
    public record Site(
            String url,
            @Nullable String host,
            Instant downSince,
            @Nullable Instant confirmedAt,
            @Nullable Instant backAt) {

        public boolean confirmed() {
            return confirmedAt != null;
        }
    }
}
