package dev.downtime.receiver.maintenance.recurrence;

import dev.downtime.receiver.maintenance.recurrence.RuleParts.Frequency;
import dev.downtime.receiver.maintenance.recurrence.RuleParts.Part;
import dev.downtime.receiver.maintenance.recurrence.RuleParts.WeekdayNum;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A lower bound of the local time between two starts of a rule, read from its structure rather
 * than found by expanding it (a rule's shortest gap can come once in decades). It is exact for the
 * usual shapes (hourly, daily with BYHOUR, weekly with BYDAY, monthly on one day, yearly on one
 * day) and conservative for the rest: a complex MONTHLY or YEARLY rule may be refused a duration
 * it could have had, never allowed one that overlaps.
 *
 * <p>Every start of an accepted rule falls on the start's minute and second (see {@link
 * RuleParts}), so two starts are a whole number of hours apart, at least one. The bound is the
 * smaller of the gaps between the day's hours and the gap from the last hour of one day to the
 * first hour of the next possible day.
 */
final class MinimumGap {

    private static final int MIN_MONTH_DAYS = 28;
    private static final int MIN_YEAR_DAYS = 364;

    private MinimumGap() {}

    static Duration of(RuleParts rule, LocalDateTime start) {
        if (rule.frequency() == Frequency.HOURLY) {
            return Duration.ofHours(rule.interval());
        }
        TreeSet<Integer> hours =
                new TreeSet<>(rule.has(Part.BYHOUR) ? rule.values(Part.BYHOUR) : List.of(start.getHour()));
        long withinDay = Long.MAX_VALUE;
        Integer previous = null;
        for (int hour : hours) {
            if (previous != null) {
                withinDay = Math.min(withinDay, hour - previous);
            }
            previous = hour;
        }
        long spread = hours.last() - hours.first();
        long betweenDays = days(rule, start) * 24 - spread;
        return Duration.ofHours(Math.min(withinDay, betweenDays));
    }

    /** A lower bound of the days between two distinct dates the rule can produce. */
    private static long days(RuleParts rule, LocalDateTime start) {
        int n = rule.interval();
        return switch (rule.frequency()) {
            case DAILY -> n;
            case WEEKLY -> weekly(rule, start);
            case MONTHLY -> monthly(rule);
            case YEARLY -> yearly(rule);
            case HOURLY -> throw new IllegalStateException("hourly rules have no day gap");
        };
    }

    private static long weekly(RuleParts rule, LocalDateTime start) {
        Set<DayOfWeek> days = rule.byDay().isEmpty() ? Set.of(start.getDayOfWeek()) : weekdays(rule.byDay());
        if (days.size() == 1) {
            return 7L * rule.interval();
        }
        // Positions in the week as WKST starts it: the wrap from the week's last day to the first
        // day of the next week that counts is INTERVAL - 1 weeks longer.
        TreeSet<Integer> positions = days.stream()
                .map(day -> Math.floorMod(day.getValue() - rule.weekStart().getValue(), 7))
                .collect(Collectors.toCollection(TreeSet::new));
        long gap = 7 - (positions.last() - positions.first()) + 7L * (rule.interval() - 1);
        return Math.min(gap, smallestStep(positions));
    }

    private static long monthly(RuleParts rule) {
        List<Integer> monthDays = rule.values(Part.BYMONTHDAY);
        boolean oneDayPerMonth = !rule.has(Part.BYMONTHDAY) && rule.byDay().isEmpty()
                || monthDays.size() == 1
                || !rule.has(Part.BYMONTHDAY)
                        && rule.byDay().size() == 1
                        && rule.byDay().getFirst().ordinal() != 0;
        if (oneDayPerMonth) {
            // The same day of the month, or the same numbered weekday, comes at least 28 days later.
            return (long) MIN_MONTH_DAYS * rule.interval();
        }
        return dateSets(rule, rule.interval());
    }

    private static long yearly(RuleParts rule) {
        boolean byMonth = rule.has(Part.BYMONTH);
        boolean oneMonth = rule.values(Part.BYMONTH).size() == 1;
        boolean byMonthDay = rule.has(Part.BYMONTHDAY);
        boolean byYearDay = rule.has(Part.BYYEARDAY);
        boolean byWeekNo = rule.has(Part.BYWEEKNO);
        List<WeekdayNum> byDay = rule.byDay();
        boolean oneNumberedDay = byDay.size() == 1 && byDay.getFirst().ordinal() != 0;
        boolean onePlainDay = byDay.size() == 1 && byDay.getFirst().ordinal() == 0;
        boolean oneDayPerYear = !byMonth && !byMonthDay && !byYearDay && !byWeekNo && byDay.isEmpty()
                || oneMonth && !byMonthDay && !byYearDay && !byWeekNo && byDay.isEmpty()
                || oneMonth && rule.values(Part.BYMONTHDAY).size() == 1 && !byYearDay && !byWeekNo && byDay.isEmpty()
                || rule.values(Part.BYYEARDAY).size() == 1 && !byMonth && !byMonthDay && !byWeekNo && byDay.isEmpty()
                || (oneMonth || !byMonth) && oneNumberedDay && !byMonthDay && !byYearDay && !byWeekNo
                || rule.values(Part.BYWEEKNO).size() == 1 && onePlainDay && !byMonth && !byMonthDay && !byYearDay;
        if (oneDayPerYear) {
            // One date a year, at least 52 weeks after the last (the same numbered weekday).
            return (long) MIN_YEAR_DAYS * rule.interval();
        }
        return dateSets(rule, 1);
    }

    /**
     * Several dates a period: dates that are all given weekdays lie at least the smallest distance
     * between those weekdays apart; dates on listed days of the month at least the smallest step
     * between the days, or from the last one of a month to the first of the next.
     */
    private static long dateSets(RuleParts rule, int monthInterval) {
        long bound = 1;
        if (!rule.byDay().isEmpty()) {
            Set<DayOfWeek> days = weekdays(rule.byDay());
            TreeSet<Integer> values =
                    days.stream().map(DayOfWeek::getValue).collect(Collectors.toCollection(TreeSet::new));
            long wrap = 7 - (values.last() - values.first());
            bound = Math.max(bound, days.size() == 1 ? 7 : Math.min(wrap, smallestStep(values)));
        }
        List<Integer> monthDays = rule.values(Part.BYMONTHDAY);
        if (!monthDays.isEmpty() && monthDays.stream().allMatch(day -> day > 0)) {
            TreeSet<Integer> sorted = new TreeSet<>(monthDays);
            // From day L of a month (which has at least max(28, L) days) to day F of the next.
            long wrap = sorted.first()
                    + Math.max(0, MIN_MONTH_DAYS - sorted.last())
                    + (long) MIN_MONTH_DAYS * (monthInterval - 1);
            bound = Math.max(bound, Math.min(wrap, smallestStep(sorted)));
        }
        return bound;
    }

    private static Set<DayOfWeek> weekdays(List<WeekdayNum> byDay) {
        return byDay.stream().map(WeekdayNum::day).collect(Collectors.toSet());
    }

    private static long smallestStep(TreeSet<Integer> values) {
        long step = Long.MAX_VALUE;
        Integer previous = null;
        for (int value : values) {
            if (previous != null) {
                step = Math.min(step, value - previous);
            }
            previous = value;
        }
        return step;
    }
}
