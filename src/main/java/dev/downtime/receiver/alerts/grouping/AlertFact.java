package dev.downtime.receiver.alerts.grouping;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened to a site, as the grouping engine takes it. Each fact names the group
 * its site belongs to ({@link GroupBy#keyOf}); the wiring should keep the key it used for a site's
 * {@link SiteDown} and use it for that outage's later facts, so that a label changed mid-outage
 * cannot leave the site down forever in its old group.
 *
 * <p>Facts are idempotent: one applied twice, or older than what the group already knows of its
 * site, changes nothing (see {@link GroupingEngine}).
 */
public sealed interface AlertFact {

    GroupKey group();

    /** The site's normalized URL: its identity within the group. */
    String url();

    /** When it happened (an incident's opening or closing time, a check's time). */
    Instant at();

    /** The site went down and nothing covers it: an incident opened with no maintenance covering it. */
    record SiteDown(GroupKey group, String url, @Nullable String host, Instant at) implements AlertFact {}

    /**
     * The site has been down since {@code downSince} and is worth an alert from {@code at} on: the
     * maintenance covering its outage ended with the site still down (today's {@code
     * maintenance-overran}). Its flap time counts from {@code at}.
     */
    record SiteStillDown(
            GroupKey group, String url, @Nullable String host, Instant downSince, Instant at) implements AlertFact {}

    /** Our own check confirmed the outage (verdict {@code confirmed}). */
    record SiteConfirmed(GroupKey group, String url, Instant at) implements AlertFact {}

    /** The site is back: its incident closed. */
    record SiteBack(GroupKey group, String url, Instant at) implements AlertFact {}
}
