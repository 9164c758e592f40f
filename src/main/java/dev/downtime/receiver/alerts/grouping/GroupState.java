package dev.downtime.receiver.alerts.grouping;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the grouping engine remembers of one group between two steps: a row of {@code alert_group}
 * and a row of {@code alert_group_site} per site it knows (see docs/alert-grouping.md for the
 * tables). Every instant has microsecond precision at most, as {@code timestamptz} stores it, so
 * the state read back from PostgreSQL is equal to the one written.
 *
 * @param key the group
 * @param firstAlertAt when the current episode's first alert came (a group whose sites are all
 *     back and reported starts a new episode with its next alert)
 * @param lastSentAt when the group's last message was emitted, if ever
 * @param nextDueAt when the group must be stepped again even if no fact comes: a message (first,
 *     update or repeat) is due then, or forgotten sites are to be dropped; null when nothing will
 *     ever be due without a new fact
 * @param open whether ops were told of sites that are down and not yet told they are back
 * @param sequence how many messages the group has emitted (the last message's number)
 * @param sites the sites it knows, sorted by URL
 */
public record GroupState(
        GroupKey key,
        Instant firstAlertAt,
        @Nullable Instant lastSentAt,
        @Nullable Instant nextDueAt,
        boolean open,
        int sequence,
        List<Site> sites) {

    public GroupState {
        Objects.requireNonNull(key);
        Objects.requireNonNull(firstAlertAt);
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative");
        }
        sites = sites.stream().sorted(Comparator.comparing(Site::url)).toList();
    }

    /**
     * What the group knows of one site: its outage, and what ops were last told of it.
     *
     * @param url the normalized URL
     * @param host Monitor's host slug, if known
     * @param downSince when the outage began (the incident's opening)
     * @param alertingSince when the outage became worth an alert ({@code downSince}, or the end of
     *     the maintenance that covered it); a recovery within {@code group-wait} of it is a flap
     * @param confirmedAt when our own check confirmed the outage, if it did
     * @param backAt when the site came back, if it did
     * @param announcedDown whether a message told ops it is down (and no later one that it is back)
     * @param announcedConfirmed whether that message said our check confirmed it
     * @param changedAt since when the site is not as ops were last told (null: it is, or it needs
     *     no telling: a flap, or a recovery already reported, kept only to recognise late facts)
     */
    public record Site(
            String url,
            @Nullable String host,
            Instant downSince,
            Instant alertingSince,
            @Nullable Instant confirmedAt,
            @Nullable Instant backAt,
            boolean announcedDown,
            boolean announcedConfirmed,
            @Nullable Instant changedAt) {

        public Site {
            Objects.requireNonNull(url);
            Objects.requireNonNull(downSince);
            Objects.requireNonNull(alertingSince);
        }

        /** Down now (its recovery not yet come). */
        public boolean down() {
            return backAt == null;
        }

        /** Back and either reported or a flap: kept only so that a late or repeated fact changes nothing. */
        public boolean gone() {
            return backAt != null && changedAt == null;
        }

        boolean pending() {
            return changedAt != null;
        }
    }
}
