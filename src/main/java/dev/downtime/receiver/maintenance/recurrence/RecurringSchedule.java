package dev.downtime.receiver.maintenance.recurrence;

import dev.downtime.receiver.maintenance.recurrence.RuleParts.Until;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;
import org.jspecify.annotations.Nullable;

/**
 * A validated recurrence, ready to answer which occurrences fall when. Immutable and safe to share
 * between threads; build one with {@link #validate} (requests) or {@link #of} (stored values).
 *
 * <p><b>Time.</b> The rule runs on the zone's local wall clock from {@code start}; each local start
 * becomes an instant the RFC 5545 way: a local time in a spring-forward gap takes the offset from
 * before the gap (02:30 on a Berlin spring-forward day is 01:30Z, 03:30 summer time), a local time
 * in a fall-back overlap the first (earlier) of its two instants. Each occurrence then lasts the
 * duration in elapsed time. Two local starts that land on the same instant (02:30 and 03:30 on a
 * spring-forward day) are one occurrence. Instants are computed at evaluation time from the zone
 * rules the JVM has, never stored, so new tzdata moves future occurrences.
 *
 * <p><b>Cost.</b> Each call starts the rule near the instants asked about (by whole periods for
 * HOURLY, DAILY and WEEKLY rules, by lib-recur's fast-forward otherwise), so a rule that started in
 * 1970 costs the same in 2100. A call looks at no more lib-recur instances than the span asked
 * about holds, plus 36 hours either side; spans are limited to {@link #MAX_SPAN} and counts to
 * {@link #MAX_COUNT}. Instants are clamped to [1900, 3000).
 */
public final class RecurringSchedule {

    /** The longest span {@link #occurrencesBetween} answers for: 1000 days, 24,000 hourly occurrences. */
    public static final Duration MAX_SPAN = Duration.ofDays(1000);

    /** The most occurrences {@link #next} lists. */
    public static final int MAX_COUNT = 1000;

    static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("3000-01-01T00:00:00Z");

    /** A local start is within this of its instant, whatever the zone (java.time's offset range). */
    private static final Duration MAX_OFFSET = Duration.ofSeconds(ZoneOffset.MAX.getTotalSeconds());

    /** Two local times that are one instant are at most this far apart. */
    private static final Duration SAME_INSTANT_REACH = MAX_OFFSET.multipliedBy(2);

    /** More lib-recur instances than any call can legitimately need; reaching it is a bug. */
    private static final int MAX_STEPS = 100_000;

    private final Recurrence recurrence;
    private final RuleParts rule;
    private final String expansionRule;
    private final ZoneId zone;
    private final LocalDateTime start;
    private final Duration duration;
    private final Duration minimumGap;
    private final @Nullable Instant untilInstant;
    private final @Nullable Instant endsFrom;
    /** No local start after this one can take place: COUNT, UNTIL or the series' end. */
    private final @Nullable LocalDateTime lastStart;

    /** Exceptions by the local start they name, resolved only when evaluated (see {@link #resolve}). */
    private final NavigableSet<LocalDateTime> skipped;

    private final NavigableMap<LocalDateTime, Instant> earlyEnds;

    /**
     * The work evaluation has done, counted rather than timed: rule periods lib-recur was moved
     * over plus instances it handed out. The cost bound is tested on it, whatever the machine.
     */
    private final LongAdder work = new LongAdder();

    RecurringSchedule(Recurrence recurrence, RuleParts rule) {
        this.recurrence = recurrence;
        this.rule = rule;
        this.expansionRule = rule.expansionRule();
        this.zone = recurrence.timeZone();
        this.start = recurrence.start();
        this.duration = recurrence.duration();
        this.minimumGap = MinimumGap.of(rule, start);
        this.endsFrom = recurrence.endsFrom();
        this.untilInstant = rule.until() instanceof Until.AtInstant(Instant value) ? value : null;

        LocalDateTime last = switch (rule.until()) {
            case Until.AtLocalTime(LocalDateTime value) -> value;
            case Until.OnLocalDate(var day) -> day.atTime(LocalTime.MAX);
            case Until.AtInstant(Instant value) -> utcLocal(value.plus(MAX_OFFSET));
            case null -> null;
        };
        if (endsFrom != null) {
            last = earlier(last, utcLocal(endsFrom.plus(MAX_OFFSET)));
        }
        this.skipped = Collections.unmodifiableNavigableSet(new TreeSet<>(recurrence.skipped()));
        NavigableMap<LocalDateTime, Instant> ends = new TreeMap<>();
        for (Recurrence.EarlyEnd end : recurrence.endedEarly()) {
            ends.merge(end.start(), end.endedAt(), (a, b) -> a.isBefore(b) ? a : b);
        }
        this.earlyEnds = Collections.unmodifiableNavigableMap(ends);
        if (rule.count() != null) {
            last = earlier(last, countedLast(rule.count()));
        }
        this.lastStart = last;
    }

    /**
     * Checks a recurrence as a client sent it: every value, the rule, the limits, and that each
     * exception names an occurrence.
     *
     * @param maxWindowLength the longest an occurrence may last ({@code receiver.maintenance.max-window-length})
     */
    public static RecurrenceValidation validate(RecurrenceText text, Duration maxWindowLength) {
        return RecurrenceChecks.validate(text, maxWindowLength);
    }

    /** As {@link #validate(RecurrenceText, Duration)}, for a recurrence already in typed form. */
    public static RecurrenceValidation validate(Recurrence recurrence, Duration maxWindowLength) {
        return RecurrenceChecks.validate(recurrence, maxWindowLength);
    }

    /**
     * A stored recurrence, checked only for what evaluation needs: limits lowered since it was saved
     * and exceptions that no longer name an occurrence (after new tzdata) do not refuse it.
     *
     * @throws InvalidRecurrenceException if it cannot be evaluated
     */
    public static RecurringSchedule of(Recurrence recurrence) {
        return RecurrenceChecks.stored(recurrence);
    }

    public Recurrence recurrence() {
        return recurrence;
    }

    /**
     * The shortest local time between two starts this rule allows (a lower bound for complex
     * rules); each occurrence is shorter than this.
     */
    public Duration minimumGap() {
        return minimumGap;
    }

    /**
     * An instant no occurrence ends after (a bound, up to a day late: the last local start read at
     * the zone's latest possible offset), or empty when the series is open-ended.
     */
    public Optional<Instant> endBound() {
        if (lastStart == null) {
            return Optional.empty();
        }
        Instant bound = lastStart.toInstant(ZoneOffset.UTC).plus(MAX_OFFSET).plus(duration);
        return Optional.of(bound.isAfter(LATEST) ? LATEST : bound);
    }

    /**
     * The occurrences that overlap {@code [from, to)}: those running at {@code from} and those
     * starting before {@code to}, in order of start. The in-memory index asks for {@code [now, now +
     * horizon)} when it refreshes.
     *
     * @throws IllegalArgumentException if {@code to} is before {@code from} or the span is longer
     *     than {@link #MAX_SPAN}
     */
    public List<Occurrence> occurrencesBetween(Instant from, Instant to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to must not be before from");
        }
        if (Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
            throw new IllegalArgumentException("the span must be at most " + MAX_SPAN.toDays() + " days");
        }
        return overlapping(from, to, true);
    }

    /** The occurrence in progress at {@code t}; if two overlap there (only just after a spring-forward change), the later one. */
    public Optional<Occurrence> occurrenceAt(Instant t) {
        List<Occurrence> active = overlapping(t, t.plusNanos(1), true);
        return active.isEmpty() ? Optional.empty() : Optional.of(active.getLast());
    }

    /**
     * The first {@code count} occurrences that have not ended at {@code from}: the one in progress,
     * if any, then the next ones; fewer when the series ends.
     *
     * @throws IllegalArgumentException unless {@code 1 <= count <= }{@link #MAX_COUNT}
     */
    public List<Occurrence> next(Instant from, int count) {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be from 1 to " + MAX_COUNT);
        }
        Instant after = from.isBefore(EARLIEST) ? EARLIEST : from;
        if (!after.isBefore(LATEST)) {
            return List.of();
        }
        LocalDateTime beyond = utcLocal(LATEST.plus(MAX_OFFSET));
        // The `count` earliest found so far, latest on top; once a local start is too late to come
        // before the latest of them, none after it can either.
        PriorityQueue<Occurrence> earliest =
                new PriorityQueue<>(Comparator.comparing(Occurrence::startsAt).reversed());
        Set<Instant> seen = new HashSet<>();
        forEachStart(utcLocal(after.minus(duration).minus(MAX_OFFSET)), local -> {
            if (local.isAfter(beyond)
                    || earliest.size() == count
                            && local.isAfter(utcLocal(earliest.peek().startsAt().plus(MAX_OFFSET)))) {
                return false;
            }
            Occurrence occurrence = resolve(local, true);
            if (occurrence != null
                    && occurrence.endsAt().isAfter(after)
                    && occurrence.startsAt().isBefore(LATEST)
                    && seen.add(occurrence.startsAt())) {
                earliest.add(occurrence);
                if (earliest.size() > count) {
                    earliest.poll();
                }
            }
            return true;
        });
        List<Occurrence> sorted = new ArrayList<>(earliest);
        sorted.sort(Comparator.comparing(Occurrence::startsAt));
        return List.copyOf(sorted);
    }

    /**
     * The occurrence that starts at this local date-time (read in the zone as a start is), if it
     * takes place: for the API's "skip" and "end early" commands.
     */
    public Optional<Occurrence> occurrenceStartingAt(LocalDateTime localStart) {
        return startingAt(localStart, true);
    }

    /** The rule's occurrence starting at this local date-time, ignoring every exception. */
    Optional<Occurrence> ruleOccurrenceStartingAt(LocalDateTime localStart) {
        return startingAt(localStart, false);
    }

    private Optional<Occurrence> startingAt(LocalDateTime localStart, boolean withExceptions) {
        Instant at = instantOf(localStart);
        return overlapping(at, at.plusNanos(1), withExceptions).stream()
                .filter(occurrence -> occurrence.startsAt().equals(at))
                .findFirst();
    }

    /** The first local start the rule gives from {@code start} on, if any: {@code start} itself when synchronized. */
    Optional<LocalDateTime> firstStart() {
        List<LocalDateTime> first = new ArrayList<>(1);
        forEachStart(start, local -> !first.add(local));
        return first.stream().findFirst();
    }

    /**
     * Walks the local starts from {@code from} on, stopping at {@code limit} starts or past {@code
     * until}, so that lib-recur's failures on rules whose occurrences lie years apart show up at
     * validation rather than in production.
     */
    void probe(LocalDateTime from, int limit, LocalDateTime until) {
        int[] left = {limit};
        forEachStart(from, local -> --left[0] > 0 && !local.isAfter(until));
    }

    @Nullable
    LocalDateTime lastStart() {
        return lastStart;
    }

    RuleParts rule() {
        return rule;
    }

    /** The instant a local start or exception means: RFC 5545's reading of gaps and overlaps. */
    Instant instantOf(LocalDateTime local) {
        // java.time's default is RFC 5545's: in a gap the local time moves later by the gap's length
        // (the instant of the offset before the gap); in an overlap the earlier offset is kept.
        return local.atZone(zone).toInstant();
    }

    private List<Occurrence> overlapping(Instant from, Instant to, boolean withExceptions) {
        Instant low = from.isBefore(EARLIEST) ? EARLIEST : from;
        Instant high = to.isAfter(LATEST) ? LATEST : to;
        if (!low.isBefore(high)) {
            return List.of();
        }
        LocalDateTime last = utcLocal(high.plus(MAX_OFFSET));
        Map<Instant, Occurrence> found = new LinkedHashMap<>();
        forEachStart(utcLocal(low.minus(duration).minus(MAX_OFFSET)), local -> {
            if (local.isAfter(last)) {
                return false;
            }
            Occurrence occurrence = resolve(local, withExceptions);
            if (occurrence != null
                    && occurrence.startsAt().isBefore(high)
                    && occurrence.endsAt().isAfter(low)) {
                // Two local starts on one instant are one occurrence: the first one found names it.
                found.putIfAbsent(occurrence.startsAt(), occurrence);
            }
            return true;
        });
        List<Occurrence> sorted = new ArrayList<>(found.values());
        sorted.sort(Comparator.comparing(Occurrence::startsAt));
        return List.copyOf(sorted);
    }

    /** The occurrence a local start gives, or null when it does not take place. */
    private @Nullable Occurrence resolve(LocalDateTime local, boolean withExceptions) {
        Instant startsAt = instantOf(local);
        if (untilInstant != null && startsAt.isAfter(untilInstant)) {
            // UNTIL is inclusive (RFC 5545): a start exactly at UNTIL takes place.
            return null;
        }
        Instant endsAt = startsAt.plus(duration);
        boolean endedEarly = false;
        if (withExceptions) {
            if (endsFrom != null && !startsAt.isBefore(endsFrom) || isSkipped(local, startsAt)) {
                return null;
            }
            Instant endedAt = endedAt(local, startsAt);
            if (endedAt != null) {
                if (!endedAt.isAfter(startsAt)) {
                    return null;
                }
                if (endedAt.isBefore(endsAt)) {
                    endsAt = endedAt;
                    endedEarly = true;
                }
            }
        }
        return new Occurrence(
                local,
                startsAt,
                endsAt,
                startsAt.atZone(zone).toOffsetDateTime(),
                endsAt.atZone(zone).toOffsetDateTime(),
                endedEarly);
    }

    /*
     * Exceptions name an occurrence by a local start and match the occurrence starting at the same
     * instant, so 02:30 and 03:30 name the same occurrence on a Berlin spring-forward day. Both are
     * read in the zone now, not when the exception was made: new tzdata moves them together. Only
     * exceptions within twice the largest offset of the local start can resolve to its instant.
     */

    private boolean isSkipped(LocalDateTime local, Instant startsAt) {
        if (skipped.isEmpty()) {
            return false;
        }
        LocalDateTime from = local.minus(SAME_INSTANT_REACH);
        LocalDateTime to = local.plus(SAME_INSTANT_REACH);
        for (LocalDateTime skip : skipped.subSet(from, true, to, true)) {
            if (instantOf(skip).equals(startsAt)) {
                return true;
            }
        }
        return false;
    }

    private @Nullable Instant endedAt(LocalDateTime local, Instant startsAt) {
        if (earlyEnds.isEmpty()) {
            return null;
        }
        LocalDateTime from = local.minus(SAME_INSTANT_REACH);
        LocalDateTime to = local.plus(SAME_INSTANT_REACH);
        Instant earliest = null;
        for (var end : earlyEnds.subMap(from, true, to, true).entrySet()) {
            if (instantOf(end.getKey()).equals(startsAt)
                    && (earliest == null || end.getValue().isBefore(earliest))) {
                earliest = end.getValue();
            }
        }
        return earliest;
    }

    /**
     * Hands each local start from {@code from} on, in order, to {@code visitor} until it answers
     * false or the series ends.
     */
    private void forEachStart(LocalDateTime from, Predicate<LocalDateTime> visitor) {
        forEachStart(from, lastStart, visitor);
    }

    private void forEachStart(LocalDateTime from, @Nullable LocalDateTime last, Predicate<LocalDateTime> visitor) {
        LocalDateTime begin = from.isBefore(start) ? start : from;
        if (last != null && begin.isAfter(last)) {
            return;
        }
        LocalDateTime origin = origin(begin);
        work.add(periodsBetween(origin, begin));
        RecurrenceRuleIterator instances;
        try {
            instances =
                    new RecurrenceRule(expansionRule, RecurrenceRule.RfcMode.RFC5545_STRICT).iterator(floating(origin));
            if (begin.isAfter(origin)) {
                instances.fastForward(floating(begin));
            }
        } catch (InvalidRecurrenceRuleException | RuntimeException e) {
            throw new RecurrenceEvaluationException(expansionRule, e);
        }
        for (int steps = 0; ; steps++) {
            if (steps == MAX_STEPS) {
                throw new IllegalStateException("evaluating " + expansionRule + " took over " + MAX_STEPS + " steps");
            }
            work.increment();
            LocalDateTime local;
            try {
                if (!instances.hasNext()) {
                    return;
                }
                local = local(instances.nextDateTime());
            } catch (RuntimeException e) {
                // lib-recur gives up after 1000 empty periods or 4320 filtered instances in a row.
                throw new RecurrenceEvaluationException(expansionRule, e);
            }
            if (last != null && local.isAfter(last) || !visitor.test(local)) {
                return;
            }
        }
    }

    /** The work done so far by every evaluation of this schedule; see {@link #work}. */
    long workDone() {
        return work.sum();
    }

    /** How many periods of the rule lib-recur's fast-forward steps over from {@code origin} to {@code begin}. */
    private long periodsBetween(LocalDateTime origin, LocalDateTime begin) {
        ChronoUnit unit = switch (rule.frequency()) {
            case HOURLY -> ChronoUnit.HOURS;
            case DAILY -> ChronoUnit.DAYS;
            case WEEKLY -> ChronoUnit.WEEKS;
            case MONTHLY -> ChronoUnit.MONTHS;
            case YEARLY -> ChronoUnit.YEARS;
        };
        return Math.max(0, unit.between(origin, begin) / rule.interval());
    }

    /**
     * Where to start lib-recur for a walk from {@code begin}: the start moved on by whole periods
     * of the rule, at least one period before {@code begin}, for HOURLY, DAILY and WEEKLY rules.
     * Their instances depend only on the start's time of day and weekday and on the period's
     * parity, all kept; earlier instances of the moved start's own period are skipped anyway.
     * lib-recur's own fast-forward steps period by period (over a million steps from 1970 to 2100
     * for an hourly rule) and jumps only for YEARLY; MONTHLY needs 12 steps a year.
     */
    private LocalDateTime origin(LocalDateTime begin) {
        // COUNT is applied as lastStart, so no instance needs counting from the real start.
        long interval = rule.interval();
        long periods = switch (rule.frequency()) {
            case HOURLY -> ChronoUnit.HOURS.between(start, begin) / interval;
            case DAILY -> ChronoUnit.DAYS.between(start, begin) / interval;
            case WEEKLY -> ChronoUnit.DAYS.between(start, begin) / (7 * interval);
            case MONTHLY, YEARLY -> 0;
        };
        if (periods < 3) {
            return start;
        }
        long moved = (periods - 2) * interval;
        return switch (rule.frequency()) {
            case HOURLY -> start.plusHours(moved);
            case DAILY -> start.plusDays(moved);
            case WEEKLY -> start.plusWeeks(moved);
            case MONTHLY, YEARLY -> start;
        };
    }

    /** The COUNT-th local start, found once when the schedule is built (COUNT is at most 10,000). */
    private LocalDateTime countedLast(int count) {
        List<LocalDateTime> last = new ArrayList<>(1);
        int[] left = {count};
        forEachStart(start, null, local -> {
            last.clear();
            last.add(local);
            return --left[0] > 0;
        });
        // A rule without instances (refused by validation) ends before it starts.
        return last.isEmpty() ? start.minusSeconds(1) : last.getFirst();
    }

    private static @Nullable LocalDateTime earlier(@Nullable LocalDateTime a, LocalDateTime b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static LocalDateTime utcLocal(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static DateTime floating(LocalDateTime local) {
        return new DateTime(
                local.getYear(),
                local.getMonthValue() - 1,
                local.getDayOfMonth(),
                local.getHour(),
                local.getMinute(),
                local.getSecond());
    }

    private static LocalDateTime local(DateTime instance) {
        return LocalDateTime.of(
                instance.getYear(),
                instance.getMonth() + 1,
                instance.getDayOfMonth(),
                instance.getHours(),
                instance.getMinutes(),
                instance.getSeconds());
    }
}
