package dev.downtime.receiver.maintenance.recurrence;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An independent model of recurring windows for the differential test: its own expansion of a
 * subset of RRULE (DAILY, WEEKLY and MONTHLY with INTERVAL, BYDAY, COUNT and UNTIL) day by day with
 * java.time only, its own reading of DST gaps and overlaps from the zone's transitions, and cover
 * as a plain union of half-open intervals. It shares no code with the engine and never calls
 * lib-recur; it is slow and simple on purpose.
 */
public final class ReferenceModel {

    private ReferenceModel() {}

    public enum Freq {
        DAILY,
        WEEKLY,
        MONTHLY
    }

    /** A BYDAY entry: the n-th weekday of the month (n > 0), the n-th from its end (n < 0), or every one (0). */
    public record Day(int ordinal, DayOfWeek day) {

        @Override
        public String toString() {
            return (ordinal == 0 ? "" : Integer.toString(ordinal)) + day.name().substring(0, 2);
        }
    }

    /** Where an occurrence is named: by its local start, and what happens to it. */
    public record EarlyEnd(LocalDateTime start, Instant endedAt) {}

    /** A half-open interval {@code [start, end)}. */
    public record Interval(Instant start, Instant end) {

        public boolean contains(Instant t) {
            return !t.isBefore(start) && t.isBefore(end);
        }
    }

    /** One occurrence: the local start the rule gave and the interval it covers. */
    public record Occurrence(LocalDateTime scheduled, Instant start, Instant end) {

        public Interval interval() {
            return new Interval(start, end);
        }

        @Override
        public String toString() {
            return scheduled + " [" + start + ", " + end + ")";
        }
    }

    public record Series(
            Freq freq,
            int interval,
            List<Day> byDay,
            @Nullable Integer count,
            @Nullable Instant untilUtc,
            @Nullable LocalDateTime untilLocal,
            ZoneId zone,
            LocalDateTime start,
            Duration duration,
            List<LocalDateTime> skipped,
            @Nullable Instant endsFrom,
            List<EarlyEnd> earlyEnds) {

        private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

        public String rrule() {
            StringBuilder rule = new StringBuilder("FREQ=").append(freq);
            if (interval != 1) {
                rule.append(";INTERVAL=").append(interval);
            }
            if (!byDay.isEmpty()) {
                rule.append(";BYDAY=").append(byDay.stream().map(Day::toString).collect(Collectors.joining(",")));
            }
            if (count != null) {
                rule.append(";COUNT=").append(count);
            }
            if (untilUtc != null) {
                rule.append(";UNTIL=")
                        .append(UNTIL.format(LocalDateTime.ofInstant(untilUtc, ZoneOffset.UTC)))
                        .append('Z');
            }
            if (untilLocal != null) {
                rule.append(";UNTIL=").append(UNTIL.format(untilLocal));
            }
            return rule.toString();
        }

        Series withExceptions(List<LocalDateTime> skipped, @Nullable Instant endsFrom, List<EarlyEnd> earlyEnds) {
            return new Series(
                    freq,
                    interval,
                    byDay,
                    count,
                    untilUtc,
                    untilLocal,
                    zone,
                    start,
                    duration,
                    skipped,
                    endsFrom,
                    earlyEnds);
        }

        @Override
        public String toString() {
            return "rrule=" + rrule() + " zone=" + zone + " start=" + start + " duration=" + duration
                    + (skipped.isEmpty() ? "" : " skipped=" + skipped)
                    + (endsFrom == null ? "" : " endsFrom=" + endsFrom)
                    + (earlyEnds.isEmpty() ? "" : " endedEarly=" + earlyEnds);
        }
    }

    /**
     * RFC 5545 3.3.5, read from the zone's transitions: a local time in a gap takes the offset from
     * before the gap; one in an overlap, its first instant, which also has the offset from before.
     */
    static Instant instantOf(LocalDateTime local, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.size() == 1) {
            return local.toInstant(offsets.getFirst());
        }
        ZoneOffsetTransition transition = rules.getTransition(local);
        return local.toInstant(transition.getOffsetBefore());
    }

    /** The rule's local starts up to {@code lastDay}, COUNT and a local UNTIL applied, no exception. */
    static List<LocalDateTime> scheduledStarts(Series series, LocalDate lastDay) {
        List<LocalDateTime> starts = new ArrayList<>();
        LocalDate first = series.start().toLocalDate();
        Set<DayOfWeek> weekdays = series.byDay().stream().map(Day::day).collect(Collectors.toSet());
        for (LocalDate day = first; !day.isAfter(lastDay); day = day.plusDays(1)) {
            if (!matches(series, weekdays, day)) {
                continue;
            }
            LocalDateTime local = day.atTime(series.start().toLocalTime());
            if (series.untilLocal() != null && local.isAfter(series.untilLocal())) {
                break;
            }
            starts.add(local);
            if (series.count() != null && starts.size() == series.count()) {
                break;
            }
        }
        return starts;
    }

    private static boolean matches(Series series, Set<DayOfWeek> weekdays, LocalDate day) {
        LocalDate first = series.start().toLocalDate();
        return switch (series.freq()) {
            case DAILY ->
                (day.toEpochDay() - first.toEpochDay()) % series.interval() == 0
                        && (weekdays.isEmpty() || weekdays.contains(day.getDayOfWeek()));
            case WEEKLY -> {
                // Weeks start on Monday (WKST=MO, the default).
                long weekOfFirst = Math.floorDiv(first.toEpochDay() + 3, 7);
                long week = Math.floorDiv(day.toEpochDay() + 3, 7);
                yield (week - weekOfFirst) % series.interval() == 0
                        && (weekdays.isEmpty()
                                ? day.getDayOfWeek() == first.getDayOfWeek()
                                : weekdays.contains(day.getDayOfWeek()));
            }
            case MONTHLY -> {
                long months =
                        day.getYear() * 12L + day.getMonthValue() - (first.getYear() * 12L + first.getMonthValue());
                if (months % series.interval() != 0) {
                    yield false;
                }
                if (series.byDay().isEmpty()) {
                    // A month without that day has no occurrence (RFC 5545: invalid dates are ignored).
                    yield day.getDayOfMonth() == first.getDayOfMonth();
                }
                int fromStart = (day.getDayOfMonth() - 1) / 7 + 1;
                int fromEnd = -((day.lengthOfMonth() - day.getDayOfMonth()) / 7 + 1);
                yield series.byDay().stream()
                        .anyMatch(entry -> entry.day() == day.getDayOfWeek()
                                && (entry.ordinal() == 0
                                        || entry.ordinal() == fromStart
                                        || entry.ordinal() == fromEnd));
            }
        };
    }

    /**
     * The occurrences as they take place: UNTIL in UTC, one occurrence per instant, then the
     * exceptions, each matched by the instant its local start means.
     */
    public static List<Occurrence> occurrences(Series series, LocalDate lastDay, boolean withExceptions) {
        List<Occurrence> occurrences = new ArrayList<>();
        Set<Instant> seen = new HashSet<>();
        Set<Instant> skipped = series.skipped().stream()
                .map(local -> instantOf(local, series.zone()))
                .collect(Collectors.toSet());
        for (LocalDateTime local : scheduledStarts(series, lastDay)) {
            Instant start = instantOf(local, series.zone());
            if (series.untilUtc() != null && start.isAfter(series.untilUtc()) || !seen.add(start)) {
                continue;
            }
            Instant end = start.plus(series.duration());
            if (withExceptions) {
                if (series.endsFrom() != null && !start.isBefore(series.endsFrom()) || skipped.contains(start)) {
                    continue;
                }
                boolean gone = false;
                for (EarlyEnd early : series.earlyEnds()) {
                    if (instantOf(early.start(), series.zone()).equals(start)) {
                        if (!early.endedAt().isAfter(start)) {
                            gone = true;
                        } else if (early.endedAt().isBefore(end)) {
                            end = early.endedAt();
                        }
                    }
                }
                if (gone) {
                    continue;
                }
            }
            occurrences.add(new Occurrence(local, start, end));
        }
        occurrences.sort(Comparator.comparing(Occurrence::start));
        return occurrences;
    }

    /**
     * The end of the continuous stretch of cover at {@code t}: the union of the intervals, where
     * {@code [a, b)} and {@code [b, c)} join, and the part of it that holds {@code t}.
     */
    public static @Nullable Instant coveredUntil(List<Interval> intervals, Instant t) {
        List<Interval> sorted = intervals.stream()
                .filter(interval -> interval.start().isBefore(interval.end()))
                .sorted(Comparator.comparing(Interval::start))
                .toList();
        Instant from = null;
        Instant to = null;
        for (Interval interval : sorted) {
            if (to != null && !interval.start().isAfter(to)) {
                to = interval.end().isAfter(to) ? interval.end() : to;
                continue;
            }
            if (to != null && !t.isBefore(from) && t.isBefore(to)) {
                return to;
            }
            from = interval.start();
            to = interval.end();
        }
        return to != null && !t.isBefore(from) && t.isBefore(to) ? to : null;
    }
}
