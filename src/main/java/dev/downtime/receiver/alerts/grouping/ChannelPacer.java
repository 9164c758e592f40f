package dev.downtime.receiver.alerts.grouping;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Paces each channel's deliveries: a least time between two deliveries on a channel (Slack's
 * incoming webhooks take one message a second), a least time between two deliveries of one
 * group's messages (email: one per group per {@code group-interval}), and a pause when the
 * endpoint asked for one ({@code 429} or {@code 503} with {@code Retry-After}).
 *
 * <p>The dispatcher asks {@link #acquire} before each delivery: {@link Go} reserves the slot,
 * {@link Wait} says when to ask again (the alert's next attempt). After the attempt it reports
 * {@link #failed} (a delivery that did not happen does not count against the group's interval)
 * or {@link #rejected} with the endpoint's {@code Retry-After}. Thread-safe; paces one instance
 * (see docs/alert-grouping.md for several).
 */
public final class ChannelPacer {

    /**
     * A channel's pace.
     *
     * @param spacing the least time between two deliveries on the channel
     * @param perGroupSpacing the least time between two deliveries of one group's messages
     * @param pauseWithoutRetryAfter how long a rejection without a usable {@code Retry-After}
     *     pauses the channel
     */
    public record Pace(Duration spacing, Duration perGroupSpacing, Duration pauseWithoutRetryAfter) {

        public static final Pace NONE = new Pace(Duration.ZERO, Duration.ZERO, Duration.ZERO);

        public Pace {
            Objects.requireNonNull(spacing);
            Objects.requireNonNull(perGroupSpacing);
            Objects.requireNonNull(pauseWithoutRetryAfter);
        }
    }

    /** What {@link #acquire} decided. */
    public sealed interface Decision {}

    /**
     * Deliver now; the slot is taken.
     *
     * @param previousGroupDelivery what {@link #failed} restores
     */
    public record Go(
            String channel,
            GroupKey group,
            Instant at,
            @Nullable Instant previousGroupDelivery) implements Decision {}

    /** Not before {@code until}. */
    public record Wait(Instant until) implements Decision {}

    private final Clock clock;
    private final Map<String, Pace> paces;
    private final Map<String, Instant> lastDelivery = new HashMap<>();
    private final Map<String, Instant> pausedUntil = new HashMap<>();
    private final Map<ChannelGroup, Instant> lastGroupDelivery = new HashMap<>();

    private record ChannelGroup(String channel, GroupKey group) {}

    /** @param paces by channel name; a channel without one is not paced */
    public ChannelPacer(Clock clock, Map<String, Pace> paces) {
        this.clock = clock;
        this.paces = Map.copyOf(paces);
    }

    /**
     * The paces: Slack one message a second (a rejection without {@code Retry-After}
     * pauses it a second too), email one per group per {@code group-interval}, the webhook and
     * PagerDuty only what they ask ({@code Retry-After}; PagerDuty, which asks for "a few minutes"
     * after a 429, a minute when it does not say).
     */
    public static ChannelPacer standard(Clock clock, Duration groupInterval) {
        return new ChannelPacer(
                clock,
                Map.of(
                        "slack",
                        new Pace(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1)),
                        "email",
                        new Pace(Duration.ZERO, groupInterval, Duration.ZERO),
                        "webhook",
                        Pace.NONE,
                        "pagerduty",
                        new Pace(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(1))));
    }

    /** May a message of {@code group} go out on {@code channel} now? {@link Go} takes the slot. */
    public synchronized Decision acquire(String channel, GroupKey group) {
        Instant now = clock.instant();
        Pace pace = paces.getOrDefault(channel, Pace.NONE);
        ChannelGroup key = new ChannelGroup(channel, group);
        Instant earliest = now;
        earliest = latest(earliest, pausedUntil.get(channel));
        Instant last = lastDelivery.get(channel);
        if (last != null) {
            earliest = latest(earliest, last.plus(pace.spacing()));
        }
        Instant lastOfGroup = lastGroupDelivery.get(key);
        if (lastOfGroup != null) {
            earliest = latest(earliest, lastOfGroup.plus(pace.perGroupSpacing()));
        }
        if (earliest.isAfter(now)) {
            return new Wait(earliest);
        }
        lastDelivery.put(channel, now);
        if (pace.perGroupSpacing().isPositive()) {
            forgetOldGroups(now);
            lastGroupDelivery.put(key, now);
        }
        return new Go(channel, group, now, lastOfGroup);
    }

    /** The delivery {@code go} allowed did not happen: it does not count against its group's interval. */
    public synchronized void failed(Go go) {
        ChannelGroup key = new ChannelGroup(go.channel(), go.group());
        if (go.at().equals(lastGroupDelivery.get(key))) {
            Instant previous = go.previousGroupDelivery();
            if (previous == null) {
                lastGroupDelivery.remove(key);
            } else {
                lastGroupDelivery.put(key, previous);
            }
        }
    }

    /**
     * The endpoint refused for now ({@code 429}, {@code 503}): the channel pauses until its {@code
     * Retry-After} (capped at {@link RetryAfter#MAX}), or its pace's pause when it gave none.
     *
     * @return until when the channel is paused
     */
    public synchronized Instant rejected(String channel, @Nullable String retryAfter) {
        Instant now = clock.instant();
        Instant until = RetryAfter.parse(retryAfter, now)
                .orElseGet(() -> now.plus(paces.getOrDefault(channel, Pace.NONE).pauseWithoutRetryAfter()));
        Instant paused = latest(until, pausedUntil.get(channel));
        pausedUntil.put(channel, paused);
        return paused;
    }

    /**
     * Forgets every delivery and pause: what is remembered is read against the clock, so a test
     * that sets its clock back must start the pacer afresh too.
     */
    public synchronized void clear() {
        lastDelivery.clear();
        pausedUntil.clear();
        lastGroupDelivery.clear();
    }

    /** Groups whose interval has passed need no memory; keeps the map as small as the open groups. */
    private void forgetOldGroups(Instant now) {
        lastGroupDelivery
                .entrySet()
                .removeIf(entry -> !entry.getValue()
                        .plus(paces.getOrDefault(entry.getKey().channel(), Pace.NONE)
                                .perGroupSpacing())
                        .isAfter(now));
    }

    private static Instant latest(Instant a, @Nullable Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }
}
