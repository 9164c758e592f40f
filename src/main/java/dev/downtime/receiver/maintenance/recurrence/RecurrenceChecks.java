package dev.downtime.receiver.maintenance.recurrence;

import dev.downtime.receiver.maintenance.recurrence.RecurrenceText.EarlyEndText;
import dev.downtime.receiver.maintenance.recurrence.RuleParts.Part;
import dev.downtime.receiver.maintenance.recurrence.RuleParts.Until;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.jspecify.annotations.Nullable;

/**
 * Every rule a recurrence must follow, in one place. Each failure, including any lib-recur throws,
 * becomes a violation naming the field; nothing here throws on bad input.
 */
final class RecurrenceChecks {

    static final int MAX_EXCEPTIONS = 1000;
    static final int FIRST_YEAR = 1900;
    static final int LAST_YEAR = 2999;

    private static final String FIELD = "recurrence.";
    private static final int MAX_VALUE_LENGTH = 64;

    /** How far the validation probe walks a rule, from its start and from a few later dates. */
    private static final int PROBE_INSTANCES = 500;

    private static final int PROBE_YEARS = 30;

    private RecurrenceChecks() {}

    static RecurrenceValidation validate(RecurrenceText text, Duration maxWindowLength) {
        List<RecurrenceViolation> violations = new ArrayList<>();
        BiConsumer<String, String> refuse = (field, message) -> violations.add(violation(field, message));

        String rrule = text.rrule();
        if (rrule == null || rrule.isBlank()) {
            refuse.accept("rrule", "is required");
            rrule = null;
        }
        ZoneId zone = zone(text.timeZone(), refuse);
        LocalDateTime start = localDateTime(text.start(), "start", refuse);
        Duration duration = duration(text.duration(), refuse);

        List<LocalDateTime> skipped = new ArrayList<>();
        List<@Nullable String> skippedText = text.skipped() == null ? List.of() : text.skipped();
        if (skippedText.size() > MAX_EXCEPTIONS) {
            refuse.accept("skipped", "must list at most " + MAX_EXCEPTIONS + " occurrences");
        } else {
            for (int i = 0; i < skippedText.size(); i++) {
                LocalDateTime local = localDateTime(skippedText.get(i), "skipped[" + i + "]", refuse);
                if (local != null) {
                    skipped.add(local);
                }
            }
        }
        Instant endsFrom = text.endsFrom() == null ? null : instant(text.endsFrom(), "endsFrom", refuse);
        List<Recurrence.EarlyEnd> endedEarly = new ArrayList<>();
        List<@Nullable EarlyEndText> endedText = text.endedEarly() == null ? List.of() : text.endedEarly();
        if (endedText.size() > MAX_EXCEPTIONS) {
            refuse.accept("endedEarly", "must list at most " + MAX_EXCEPTIONS + " occurrences");
        } else {
            for (int i = 0; i < endedText.size(); i++) {
                EarlyEndText end = endedText.get(i);
                String field = "endedEarly[" + i + "]";
                if (end == null) {
                    refuse.accept(field, "is required");
                    continue;
                }
                LocalDateTime local = localDateTime(end.start(), field + ".start", refuse);
                Instant at = instant(end.endedAt(), field + ".endedAt", refuse);
                if (local != null && at != null) {
                    endedEarly.add(new Recurrence.EarlyEnd(local, at));
                }
            }
        }
        if (rrule != null) {
            try {
                RuleParts.parse(rrule);
            } catch (IllegalArgumentException e) {
                refuse.accept("rrule", e.getMessage());
            }
        }
        if (!violations.isEmpty() || rrule == null || zone == null || start == null || duration == null) {
            return new RecurrenceValidation.Invalid(violations);
        }
        Recurrence recurrence = new Recurrence(rrule, zone, start, duration, skipped, endsFrom, endedEarly);
        return validate(recurrence, maxWindowLength, skipped, endedEarly);
    }

    static RecurrenceValidation validate(Recurrence recurrence, Duration maxWindowLength) {
        return validate(recurrence, maxWindowLength, recurrence.skipped(), recurrence.endedEarly());
    }

    /** Checks a stored recurrence only for what evaluating it needs. */
    static RecurringSchedule stored(Recurrence recurrence) {
        List<RecurrenceViolation> violations = new ArrayList<>();
        RecurringSchedule schedule = check(recurrence, null, violations);
        if (schedule == null) {
            throw new InvalidRecurrenceException(violations);
        }
        return schedule;
    }

    /**
     * @param skipped the skipped occurrences in the order the client gave them, so that a violation
     *     names the position the client knows
     */
    private static RecurrenceValidation validate(
            Recurrence recurrence,
            Duration maxWindowLength,
            List<LocalDateTime> skipped,
            List<Recurrence.EarlyEnd> endedEarly) {
        List<RecurrenceViolation> violations = new ArrayList<>();
        RecurringSchedule schedule = check(recurrence, maxWindowLength, violations);
        if (schedule == null) {
            return new RecurrenceValidation.Invalid(violations);
        }
        probe(schedule, violations);
        checkExceptions(schedule, skipped, endedEarly, violations);
        return violations.isEmpty()
                ? new RecurrenceValidation.Valid(schedule)
                : new RecurrenceValidation.Invalid(violations);
    }

    /**
     * The checks every recurrence must pass, requested or stored.
     *
     * @param maxWindowLength the longest occurrence allowed, or null not to check (a stored window
     *     keeps the length it was given when the limit is lowered)
     * @return the schedule, or null with the violations added
     */
    private static @Nullable RecurringSchedule check(
            Recurrence recurrence, @Nullable Duration maxWindowLength, List<RecurrenceViolation> violations) {
        int before = violations.size();
        RuleParts rule = null;
        try {
            rule = RuleParts.parse(recurrence.rrule());
        } catch (IllegalArgumentException e) {
            violations.add(violation("rrule", Objects.requireNonNullElse(e.getMessage(), "is invalid")));
        }
        if (!ZoneId.getAvailableZoneIds().contains(recurrence.timeZone().getId())) {
            violations.add(violation("timeZone", "must be an IANA time zone such as Europe/Berlin"));
        }
        LocalDateTime start = recurrence.start();
        if (start.getNano() != 0) {
            violations.add(violation("start", "must be in whole seconds"));
        }
        if (start.getYear() < FIRST_YEAR || start.getYear() > LAST_YEAR) {
            violations.add(violation("start", "must be in the years " + FIRST_YEAR + " to " + LAST_YEAR));
        }
        Duration duration = recurrence.duration();
        if (!duration.isPositive()) {
            violations.add(violation("duration", "must be positive"));
        } else if (duration.getNano() != 0) {
            violations.add(violation("duration", "must be in whole seconds"));
        } else if (maxWindowLength != null && duration.compareTo(maxWindowLength) > 0) {
            violations.add(violation("duration", "must be at most " + describe(maxWindowLength)));
        }
        if (recurrence.skipped().size() > MAX_EXCEPTIONS) {
            violations.add(violation("skipped", "must list at most " + MAX_EXCEPTIONS + " occurrences"));
        }
        if (recurrence.endedEarly().size() > MAX_EXCEPTIONS) {
            violations.add(violation("endedEarly", "must list at most " + MAX_EXCEPTIONS + " occurrences"));
        }
        if (rule == null || violations.size() > before) {
            return null;
        }

        // Every start on the start's minute and second keeps starts at least an hour apart.
        for (Part part : List.of(Part.BYMINUTE, Part.BYSECOND)) {
            int value = part == Part.BYMINUTE ? start.getMinute() : start.getSecond();
            if (rule.has(part) && rule.values(part).getFirst() != value) {
                violations.add(violation(
                        "rrule", part + " must be the start's own (" + value + "), so that starts are an hour apart"));
            }
        }
        boolean untilBeforeStart = switch (rule.until()) {
            case Until.AtInstant(Instant value) ->
                start.atZone(recurrence.timeZone()).toInstant().isAfter(value);
            case Until.AtLocalTime(LocalDateTime value) -> start.isAfter(value);
            case Until.OnLocalDate(var day) -> start.toLocalDate().isAfter(day);
            case null -> false;
        };
        if (untilBeforeStart) {
            violations.add(violation("rrule", "UNTIL must not be before start"));
        }
        try {
            new RecurrenceRule(rule.expansionRule(), RecurrenceRule.RfcMode.RFC5545_STRICT);
        } catch (Exception e) {
            // lib-recur's parser has thrown unchecked exceptions on odd input; our own parser should
            // leave it nothing to refuse, but whatever it throws stays a 400.
            violations.add(violation("rrule", "is not a rule we can evaluate"));
        }
        if (violations.size() > before) {
            return null;
        }

        RecurringSchedule schedule;
        Optional<LocalDateTime> first;
        try {
            schedule = new RecurringSchedule(recurrence, rule);
            first = schedule.firstStart();
        } catch (RecurrenceEvaluationException e) {
            violations.add(violation("rrule", "has no occurrence, or occurrences too far apart to evaluate"));
            return null;
        }
        if (first.isEmpty() || !first.get().equals(start)) {
            // RFC 5545 leaves a start the rule does not give undefined; lib-recur would drop it.
            violations.add(
                    violation("start", "must be an occurrence of the rule (a Tuesday for BYDAY=TU, at a BYHOUR hour)"));
            return null;
        }
        if (duration.compareTo(schedule.minimumGap()) >= 0) {
            // Occurrences of one window neither overlap nor touch: touching ones would chain into one
            // covered stretch without end, which the maximum window length is there to prevent.
            violations.add(violation(
                    "duration",
                    "must be shorter than " + describe(schedule.minimumGap())
                            + ", the shortest time between two starts of this rule"));
            return null;
        }
        return schedule;
    }

    /**
     * Walks the rule where lib-recur would give up on occurrences many years apart: from its start,
     * and for a DAILY rule filtered by two or more of month, day of the month and weekday (the one
     * kind whose dates can lie over 4320 days apart, lib-recur's limit: Mondays on 29 February) also
     * from just before 2100, 2200, ..., where the Gregorian calendar skips a leap day.
     */
    private static void probe(RecurringSchedule schedule, List<RecurrenceViolation> violations) {
        LocalDateTime start = schedule.recurrence().start();
        LocalDateTime last = schedule.lastStart();
        RuleParts rule = schedule.rule();
        long dateFilters = Stream.of(
                        rule.has(Part.BYMONTH),
                        rule.has(Part.BYMONTHDAY),
                        !rule.byDay().isEmpty())
                .filter(Boolean::booleanValue)
                .count();
        boolean sparse = rule.frequency() == RuleParts.Frequency.DAILY && dateFilters >= 2;
        try {
            schedule.probe(start, PROBE_INSTANCES, start.plusYears(PROBE_YEARS));
            for (int year = 2095; sparse && year <= LAST_YEAR; year += 100) {
                LocalDateTime from = LocalDateTime.of(year, 1, 1, 0, 0);
                if (from.isAfter(start) && (last == null || from.isBefore(last))) {
                    schedule.probe(from, PROBE_INSTANCES, from.plusYears(PROBE_YEARS));
                }
            }
        } catch (RecurrenceEvaluationException e) {
            violations.add(violation("rrule", "has occurrences too far apart to evaluate"));
        }
    }

    /** A requested exception must name an occurrence of the rule, and an early end must end it early. */
    private static void checkExceptions(
            RecurringSchedule schedule,
            List<LocalDateTime> skipped,
            List<Recurrence.EarlyEnd> endedEarly,
            List<RecurrenceViolation> violations) {
        for (int i = 0; i < skipped.size(); i++) {
            if (schedule.ruleOccurrenceStartingAt(skipped.get(i)).isEmpty()) {
                violations.add(violation("skipped[" + i + "]", "is not the local start of an occurrence"));
            }
        }
        Set<Instant> ended = new HashSet<>();
        for (int i = 0; i < endedEarly.size(); i++) {
            Recurrence.EarlyEnd end = endedEarly.get(i);
            String field = "endedEarly[" + i + "]";
            Optional<Occurrence> occurrence = schedule.ruleOccurrenceStartingAt(end.start());
            if (occurrence.isEmpty()) {
                violations.add(violation(field + ".start", "is not the local start of an occurrence"));
            } else if (!ended.add(occurrence.get().startsAt())) {
                violations.add(violation(field + ".start", "names an occurrence already ended early"));
            } else if (!end.endedAt().isAfter(occurrence.get().startsAt())
                    || !end.endedAt().isBefore(occurrence.get().endsAt())) {
                violations.add(violation(
                        field + ".endedAt",
                        "must be after the occurrence's start and before its end (skip it instead)"));
            }
        }
    }

    private static @Nullable ZoneId zone(@Nullable String text, BiConsumer<String, String> refuse) {
        if (text == null || text.isBlank()) {
            refuse.accept("timeZone", "is required");
            return null;
        }
        // Region ids only: "+02:00" or "UTC+2" would never follow the zone's DST.
        if (!ZoneId.getAvailableZoneIds().contains(text)) {
            refuse.accept("timeZone", "must be an IANA time zone such as Europe/Berlin");
            return null;
        }
        return ZoneId.of(text);
    }

    private static @Nullable LocalDateTime localDateTime(
            @Nullable String text, String field, BiConsumer<String, String> refuse) {
        if (text == null || text.isBlank()) {
            refuse.accept(field, "is required");
            return null;
        }
        String example = "must be a local date-time such as 2026-12-08T02:00:00";
        if (text.length() > MAX_VALUE_LENGTH) {
            refuse.accept(field, example);
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.parse(text);
            if (local.getNano() != 0) {
                refuse.accept(field, "must be in whole seconds, such as 2026-12-08T02:00:00");
                return null;
            }
            return local;
        } catch (DateTimeParseException e) {
            try {
                OffsetDateTime.parse(text);
                refuse.accept(field, example + ", without offset: the zone is timeZone");
            } catch (DateTimeParseException notOffset) {
                refuse.accept(field, example);
            }
            return null;
        }
    }

    private static @Nullable Duration duration(@Nullable String text, BiConsumer<String, String> refuse) {
        if (text == null || text.isBlank()) {
            refuse.accept("duration", "is required");
            return null;
        }
        Duration duration = null;
        try {
            if (text.length() <= MAX_VALUE_LENGTH) {
                duration = Duration.parse(text);
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            // answered below
        }
        if (duration == null) {
            refuse.accept("duration", "must be an ISO-8601 duration such as PT2H");
        } else if (!duration.isPositive()) {
            // Checked here too, to be listed with the other fields' violations.
            refuse.accept("duration", "must be positive");
            return null;
        }
        return duration;
    }

    private static @Nullable Instant instant(@Nullable String text, String field, BiConsumer<String, String> refuse) {
        if (text == null || text.isBlank()) {
            refuse.accept(field, "is required");
            return null;
        }
        try {
            if (text.length() <= MAX_VALUE_LENGTH) {
                // Microseconds, as PostgreSQL keeps them, so a stored value reads back equal.
                return Instant.parse(text).truncatedTo(ChronoUnit.MICROS);
            }
        } catch (DateTimeException e) {
            // answered below
        }
        refuse.accept(field, "must be an ISO-8601 instant such as 2027-06-01T00:00:00Z");
        return null;
    }

    static String describe(Duration length) {
        long seconds = length.toSeconds();
        if (seconds % 86_400 == 0) {
            long days = length.toDays();
            return days + (days == 1 ? " day" : " days");
        }
        if (seconds % 3600 == 0) {
            long hours = length.toHours();
            return hours + (hours == 1 ? " hour" : " hours");
        }
        return length.toString();
    }

    private static RecurrenceViolation violation(String field, String message) {
        return new RecurrenceViolation(FIELD + field, message);
    }
}
