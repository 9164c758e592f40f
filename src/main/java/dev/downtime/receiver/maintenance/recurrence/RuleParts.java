package dev.downtime.receiver.maintenance.recurrence;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An RRULE checked against the subset we evaluate, by our own strict parser: lib-recur's parser is
 * lenient in places (it accepted {@code UNTIL=20271341}, {@code BYDAY=6MO} in a MONTHLY rule and
 * non-ASCII digits, and has thrown NullPointerException on odd input in the past), so nothing
 * reaches it that this class has not accepted.
 *
 * <p>{@code COUNT} and {@code UNTIL} are kept apart from the rest: the schedule applies them itself
 * ({@code UNTIL} in UTC is compared with instants, which lib-recur cannot do for a floating start,
 * and a rule without {@code COUNT} can be fast-forwarded), and lib-recur only sees {@link
 * #expansionRule()}.
 */
record RuleParts(
        Frequency frequency,
        int interval,
        @Nullable Integer count,
        @Nullable Until until,
        Map<Part, List<Integer>> numbers,
        List<WeekdayNum> byDay,
        DayOfWeek weekStart) {

    static final int MAX_LENGTH = 500;
    static final int MAX_COUNT = 10_000;
    static final int MAX_INTERVAL = 1_000;

    enum Frequency {
        HOURLY,
        DAILY,
        WEEKLY,
        MONTHLY,
        YEARLY
    }

    /** The numeric BYxxx parts, with the range RFC 5545 allows each value. */
    enum Part {
        BYSECOND(0, 60, false),
        BYMINUTE(0, 59, false),
        BYHOUR(0, 23, false),
        BYMONTHDAY(1, 31, true),
        BYYEARDAY(1, 366, true),
        BYWEEKNO(1, 53, true),
        BYMONTH(1, 12, false),
        BYSETPOS(1, 366, true);

        final int min;
        final int max;
        final boolean signed;

        Part(int min, int max, boolean signed) {
            this.min = min;
            this.max = max;
            this.signed = signed;
        }
    }

    /** A BYDAY entry: a weekday, with an ordinal ({@code 2TU}, {@code -1FR}) or without (0). */
    record WeekdayNum(int ordinal, DayOfWeek day) {

        @Override
        public String toString() {
            return (ordinal == 0 ? "" : Integer.toString(ordinal)) + code(day);
        }
    }

    /** How the series is bounded by UNTIL: by the start instant, the local date-time or the local date. */
    sealed interface Until {
        record AtInstant(Instant value) implements Until {}

        record AtLocalTime(LocalDateTime value) implements Until {}

        record OnLocalDate(LocalDate value) implements Until {}
    }

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9=;,+\\-]+");
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9-]{0,19}");
    private static final Pattern NUMBER = Pattern.compile("[+-]?[0-9]{1,3}");
    private static final Pattern WEEKDAY_NUM = Pattern.compile("([+-]?)([0-9]{1,2})?(MO|TU|WE|TH|FR|SA|SU)");
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    /**
     * Parses and checks a rule.
     *
     * @throws IllegalArgumentException with a short reason a client can act on, never echoing more
     *     of the input than a part name
     */
    static RuleParts parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("must be at most " + MAX_LENGTH + " characters");
        }
        if (text.regionMatches(true, 0, "RRULE:", 0, 6)) {
            throw new IllegalArgumentException("must be the rule's value, without the RRULE: prefix");
        }
        if (!ALLOWED.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    "may only contain letters, digits and = ; , + - (no spaces), as in FREQ=WEEKLY;BYDAY=TU");
        }
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (String part : text.toUpperCase(Locale.ROOT).split(";", -1)) {
            int equals = part.indexOf('=');
            if (part.isEmpty() || equals <= 0 || equals != part.lastIndexOf('=')) {
                throw new IllegalArgumentException(
                        "must be NAME=VALUE parts separated by ; as in FREQ=WEEKLY;BYDAY=TU");
            }
            String name = part.substring(0, equals);
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("has a part with an invalid name");
            }
            if (values.put(name, part.substring(equals + 1)) != null) {
                throw new IllegalArgumentException("has " + name + " twice");
            }
        }

        String freqText = values.remove("FREQ");
        if (freqText == null) {
            throw new IllegalArgumentException("must have a FREQ part");
        }
        Frequency frequency = switch (freqText) {
            case "SECONDLY", "MINUTELY" ->
                throw new IllegalArgumentException(
                        "must not be FREQ=" + freqText + ": occurrences must be at least an hour apart");
            case "HOURLY" -> Frequency.HOURLY;
            case "DAILY" -> Frequency.DAILY;
            case "WEEKLY" -> Frequency.WEEKLY;
            case "MONTHLY" -> Frequency.MONTHLY;
            case "YEARLY" -> Frequency.YEARLY;
            default -> throw new IllegalArgumentException("FREQ must be HOURLY, DAILY, WEEKLY, MONTHLY or YEARLY");
        };

        int interval = 1;
        String intervalText = values.remove("INTERVAL");
        if (intervalText != null) {
            interval = positive(intervalText, "INTERVAL", MAX_INTERVAL);
        }
        Integer count = null;
        String countText = values.remove("COUNT");
        if (countText != null) {
            count = positive(countText, "COUNT", MAX_COUNT);
        }
        Until until = null;
        String untilText = values.remove("UNTIL");
        if (untilText != null) {
            if (count != null) {
                throw new IllegalArgumentException("must not have both COUNT and UNTIL");
            }
            until = until(untilText);
        }
        DayOfWeek weekStart = DayOfWeek.MONDAY;
        String wkst = values.remove("WKST");
        if (wkst != null) {
            weekStart = weekday(wkst, "WKST must be a weekday such as MO");
        }
        List<WeekdayNum> byDay = List.of();
        String byDayText = values.remove("BYDAY");
        if (byDayText != null) {
            byDay = byDay(byDayText);
        }
        Map<Part, List<Integer>> numbers = new EnumMap<>(Part.class);
        for (Part part : Part.values()) {
            String list = values.remove(part.name());
            if (list != null) {
                numbers.put(part, numbers(list, part));
            }
        }
        if (values.containsKey("RSCALE") || values.containsKey("SKIP")) {
            throw new IllegalArgumentException("must not use RSCALE or SKIP: only the Gregorian calendar is supported");
        }
        if (!values.isEmpty()) {
            throw new IllegalArgumentException(
                    "has an unknown part " + values.keySet().iterator().next());
        }
        RuleParts rule = new RuleParts(frequency, interval, count, until, Map.copyOf(numbers), byDay, weekStart);
        rule.checkCombinations();
        return rule;
    }

    /** The combinations RFC 5545 forbids, and those we refuse to keep evaluation bounded. */
    private void checkCombinations() {
        if (values(Part.BYMINUTE).size() > 1 || values(Part.BYSECOND).size() > 1) {
            throw new IllegalArgumentException(
                    "must not list several BYMINUTE or BYSECOND values: occurrences must be at least an hour apart");
        }
        boolean ordinals = byDay.stream().anyMatch(day -> day.ordinal() != 0);
        if (ordinals && frequency != Frequency.MONTHLY && frequency != Frequency.YEARLY) {
            throw new IllegalArgumentException("may number BYDAY days (as in 2TU) only in MONTHLY and YEARLY rules");
        }
        if (ordinals && frequency == Frequency.YEARLY && has(Part.BYWEEKNO)) {
            throw new IllegalArgumentException("must not number BYDAY days together with BYWEEKNO");
        }
        if (ordinals && frequency == Frequency.MONTHLY && byDay.stream().anyMatch(day -> Math.abs(day.ordinal()) > 5)) {
            throw new IllegalArgumentException("may number BYDAY days only from -5 to 5 in a MONTHLY rule");
        }
        if (has(Part.BYWEEKNO) && frequency != Frequency.YEARLY) {
            throw new IllegalArgumentException("may use BYWEEKNO only in YEARLY rules");
        }
        if (has(Part.BYYEARDAY)
                && (frequency == Frequency.DAILY || frequency == Frequency.WEEKLY || frequency == Frequency.MONTHLY)) {
            throw new IllegalArgumentException("must not use BYYEARDAY in DAILY, WEEKLY or MONTHLY rules");
        }
        if (has(Part.BYMONTHDAY) && frequency == Frequency.WEEKLY) {
            throw new IllegalArgumentException("must not use BYMONTHDAY in WEEKLY rules");
        }
        if (has(Part.BYSETPOS) && numbers.size() == 1 && byDay.isEmpty()) {
            throw new IllegalArgumentException("may use BYSETPOS only with another BYxxx part");
        }
        if (frequency == Frequency.HOURLY
                && (has(Part.BYMONTH)
                        || has(Part.BYMONTHDAY)
                        || has(Part.BYYEARDAY)
                        || has(Part.BYWEEKNO)
                        || has(Part.BYSETPOS))) {
            // lib-recur filters hour by hour and gives up after 4320 empty hours (six months): "every
            // hour in January" would fail in February. DAILY with BYHOUR says the same thing.
            throw new IllegalArgumentException(
                    "may only use BYHOUR and BYDAY in an HOURLY rule; use FREQ=DAILY with BYHOUR for more");
        }
    }

    boolean has(Part part) {
        return numbers.containsKey(part);
    }

    List<Integer> values(Part part) {
        return numbers.getOrDefault(part, List.of());
    }

    /**
     * The rule lib-recur expands: everything but COUNT and UNTIL, in a canonical order. lib-recur's
     * {@code RecurrenceRule} is mutable (creating an iterator writes to it), so every evaluation
     * parses this text afresh rather than sharing one between threads.
     */
    String expansionRule() {
        StringBuilder rule = new StringBuilder("FREQ=").append(frequency);
        if (interval != 1) {
            rule.append(";INTERVAL=").append(interval);
        }
        for (Part part : Part.values()) {
            if (has(part)) {
                rule.append(';')
                        .append(part)
                        .append('=')
                        .append(values(part).stream().map(String::valueOf).collect(Collectors.joining(",")));
            }
        }
        if (!byDay.isEmpty()) {
            rule.append(";BYDAY=")
                    .append(byDay.stream().map(WeekdayNum::toString).collect(Collectors.joining(",")));
        }
        if (weekStart != DayOfWeek.MONDAY) {
            rule.append(";WKST=").append(code(weekStart));
        }
        return rule.toString();
    }

    private static int positive(String text, String name, int max) {
        if (!text.matches("[0-9]{1,6}")) {
            throw new IllegalArgumentException(name + " must be a whole number from 1 to " + max);
        }
        int value = Integer.parseInt(text);
        if (value < 1 || value > max) {
            throw new IllegalArgumentException(name + " must be a whole number from 1 to " + max);
        }
        return value;
    }

    private static Until until(String text) {
        try {
            if (text.length() == 8) {
                return new Until.OnLocalDate(LocalDate.parse(text, DATE));
            }
            if (text.length() == 16 && text.endsWith("Z")) {
                return new Until.AtInstant(
                        LocalDateTime.parse(text.substring(0, 15), DATE_TIME).toInstant(ZoneOffset.UTC));
            }
            if (text.length() == 15) {
                return new Until.AtLocalTime(LocalDateTime.parse(text, DATE_TIME));
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw new IllegalArgumentException(
                "UNTIL must be a UTC date-time such as 20271231T230000Z, a local one such as 20271231T230000,"
                        + " or a date such as 20271231");
    }

    private static List<WeekdayNum> byDay(String list) {
        List<WeekdayNum> days = new ArrayList<>();
        for (String item : list.split(",", -1)) {
            var matcher = WEEKDAY_NUM.matcher(item);
            if (!matcher.matches() || !matcher.group(1).isEmpty() && matcher.group(2) == null) {
                throw new IllegalArgumentException("BYDAY must list weekdays such as TU or 2TU or -1FR");
            }
            int ordinal = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2));
            if (matcher.group(2) != null && (ordinal < 1 || ordinal > 53)) {
                throw new IllegalArgumentException("BYDAY must number weekdays from 1 to 53 or -53 to -1");
            }
            days.add(new WeekdayNum(matcher.group(1).equals("-") ? -ordinal : ordinal, weekday(matcher.group(3), "")));
        }
        return List.copyOf(days);
    }

    private static List<Integer> numbers(String list, Part part) {
        List<Integer> values = new ArrayList<>();
        String range = part.signed
                ? part.min + " to " + part.max + " or -" + part.max + " to -" + part.min
                : part.min + " to " + part.max;
        for (String item : list.split(",", -1)) {
            if (!NUMBER.matcher(item).matches() || !part.signed && !Character.isDigit(item.charAt(0))) {
                throw new IllegalArgumentException(part + " must list whole numbers from " + range);
            }
            int value = Integer.parseInt(item);
            if (Math.abs(value) < part.min || Math.abs(value) > part.max || value == 0 && part.signed) {
                throw new IllegalArgumentException(part + " must list whole numbers from " + range);
            }
            values.add(value);
        }
        return List.copyOf(values);
    }

    private static DayOfWeek weekday(String code, String message) {
        return switch (code) {
            case "MO" -> DayOfWeek.MONDAY;
            case "TU" -> DayOfWeek.TUESDAY;
            case "WE" -> DayOfWeek.WEDNESDAY;
            case "TH" -> DayOfWeek.THURSDAY;
            case "FR" -> DayOfWeek.FRIDAY;
            case "SA" -> DayOfWeek.SATURDAY;
            case "SU" -> DayOfWeek.SUNDAY;
            default -> throw new IllegalArgumentException(message);
        };
    }

    static String code(DayOfWeek day) {
        return day.name().substring(0, 2);
    }
}
