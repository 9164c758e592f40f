package dev.downtime.receiver.alerts.grouping;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The grouping engine's rules.
 *
 * @param groupWait a group's first message goes out this long after its first alert
 * @param groupInterval the least time between two messages of a group
 * @param repeatInterval an open group with nothing new is repeated this long after its last message
 * @param sendFlaps whether a site that fails and recovers within {@code groupWait}, before any
 *     message named it, is still reported (as down and back)
 * @param channels the channels every message goes to, e.g. {@code slack}, {@code pagerduty}
 * @param listedSites how many sites each list of a message names at most (its count says how many
 *     there are)
 */
public record GroupingPolicy(
        Duration groupWait,
        Duration groupInterval,
        Duration repeatInterval,
        boolean sendFlaps,
        List<String> channels,
        int listedSites) {

    /** {@code receiver.alerts.listed-sites}'s default. */
    public static final int LISTED_SITES = 1000;

    public GroupingPolicy {
        Objects.requireNonNull(groupWait);
        Objects.requireNonNull(groupInterval);
        Objects.requireNonNull(repeatInterval);
        if (groupWait.isNegative() || !groupInterval.isPositive() || !repeatInterval.isPositive()) {
            throw new IllegalArgumentException(
                    "group-wait must not be negative, group-interval and" + " repeat-interval must be positive");
        }
        if (repeatInterval.compareTo(groupInterval) < 0) {
            throw new IllegalArgumentException("repeat-interval must not be shorter than group-interval");
        }
        channels = List.copyOf(channels);
        if (listedSites < 1) {
            throw new IllegalArgumentException("listed-sites must be positive");
        }
    }

    /** With the default number of sites listed. */
    public GroupingPolicy(
            Duration groupWait,
            Duration groupInterval,
            Duration repeatInterval,
            boolean sendFlaps,
            List<String> channels) {
        this(groupWait, groupInterval, repeatInterval, sendFlaps, channels, LISTED_SITES);
    }

    /** From the properties, for these channels. */
    public static GroupingPolicy of(GroupingProperties properties, List<String> channels) {
        return new GroupingPolicy(
                properties.groupWait(),
                properties.groupInterval(),
                properties.repeatInterval(),
                properties.sendFlaps(),
                channels,
                properties.listedSites());
    }

    /**
     * How long a site that is back and reported (or a flap) is remembered: a {@link
     * AlertFact.SiteDown} about its outage replayed within that time changes nothing.
     */
    Duration forgetAfter() {
        return repeatInterval;
    }
}
