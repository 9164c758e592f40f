package dev.downtime.receiver.maintenance.recurrence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.downtime.receiver.maintenance.recurrence.RecurrenceText.EarlyEndText;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecurrenceValidationTest {

    static final Duration MAX_LENGTH = Duration.ofDays(31);

    /** The issue's example: every Tuesday 02:00-04:00 Berlin time from 8 December 2026. */
    static RecurrenceText issueExample() {
        return new RecurrenceText("FREQ=WEEKLY;BYDAY=TU", "Europe/Berlin", "2026-12-08T02:00:00", "PT2H");
    }

    static RecurrenceText with(String rrule, String start, String duration) {
        return new RecurrenceText(rrule, "Europe/Berlin", start, duration);
    }

    static RecurrenceText exceptions(
            @Nullable List<@Nullable String> skipped,
            @Nullable String endsFrom,
            @Nullable List<@Nullable EarlyEndText> endedEarly) {
        return new RecurrenceText(
                "FREQ=WEEKLY;BYDAY=TU", "Europe/Berlin", "2026-12-08T02:00:00", "PT2H", skipped, endsFrom, endedEarly);
    }

    @Test
    void acceptsTheIssuesExample() {
        RecurrenceValidation validation = RecurringSchedule.validate(issueExample(), MAX_LENGTH);

        assertThat(validation).isInstanceOf(RecurrenceValidation.Valid.class);
        RecurringSchedule schedule = ((RecurrenceValidation.Valid) validation).schedule();
        assertThat(schedule.recurrence())
                .isEqualTo(new Recurrence(
                        "FREQ=WEEKLY;BYDAY=TU",
                        ZoneId.of("Europe/Berlin"),
                        LocalDateTime.parse("2026-12-08T02:00:00"),
                        Duration.ofHours(2)));
        assertThat(schedule.next(Instant.parse("2026-12-01T00:00:00Z"), 1)
                        .getFirst()
                        .startsAt())
                .isEqualTo(Instant.parse("2026-12-08T01:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "freq=weekly;byday=tu",
                "FREQ=WEEKLY;BYDAY=TU;COUNT=10",
                "FREQ=WEEKLY;BYDAY=TU;UNTIL=20271231T230000Z",
                "FREQ=WEEKLY;BYDAY=TU;UNTIL=20271231T230000",
                "FREQ=WEEKLY;BYDAY=TU;UNTIL=20271231",
                "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;WKST=SU",
                "FREQ=DAILY;BYHOUR=2,14",
                "FREQ=DAILY;BYMINUTE=0;BYSECOND=0",
                "FREQ=HOURLY;INTERVAL=3",
                "FREQ=HOURLY;BYHOUR=2,3,4;BYDAY=TU",
                "FREQ=MONTHLY;BYDAY=2TU",
                "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2",
                "FREQ=MONTHLY;BYMONTHDAY=8",
                "FREQ=YEARLY;BYMONTH=12;BYDAY=2TU",
                "FREQ=YEARLY"
            })
    void acceptsRulesWhoseStartIsAnOccurrence(String rrule) {
        assertThat(RecurringSchedule.validate(with(rrule, "2026-12-08T02:00:00", "PT30M"), MAX_LENGTH))
                .isInstanceOf(RecurrenceValidation.Valid.class);
    }

    static Stream<Arguments> refusals() {
        String tuesday = "2026-12-08T02:00:00";
        return Stream.of(
                refused("no rule", new RecurrenceText(null, "Europe/Berlin", tuesday, "PT2H"), "rrule", "is required"),
                refused("blank rule", with("  ", tuesday, "PT2H"), "rrule", "is required"),
                refused(
                        "a rule too long",
                        with("FREQ=WEEKLY;" + "BYDAY=TU;".repeat(60), tuesday, "PT2H"),
                        "rrule",
                        "at most 500 characters"),
                refused("with the property name", with("RRULE:FREQ=WEEKLY", tuesday, "PT2H"), "rrule", "RRULE: prefix"),
                refused("with spaces", with("FREQ=WEEKLY; BYDAY=TU", tuesday, "PT2H"), "rrule", "no spaces"),
                refused(
                        "with non-ASCII digits",
                        with("FREQ=DAILY;BYHOUR=\u0662", tuesday, "PT2H"),
                        "rrule",
                        "may only contain"),
                refused("an empty part", with("FREQ=WEEKLY;;BYDAY=TU", tuesday, "PT2H"), "rrule", "NAME=VALUE"),
                refused("a trailing semicolon", with("FREQ=WEEKLY;", tuesday, "PT2H"), "rrule", "NAME=VALUE"),
                refused("no FREQ", with("BYDAY=TU", tuesday, "PT2H"), "rrule", "must have a FREQ"),
                refused("a part twice", with("FREQ=WEEKLY;BYDAY=TU;BYDAY=WE", tuesday, "PT2H"), "rrule", "BYDAY twice"),
                refused("an unknown part", with("FREQ=WEEKLY;X-FOO=1", tuesday, "PT2H"), "rrule", "unknown part X-FOO"),
                refused("RSCALE", with("FREQ=YEARLY;RSCALE=JULIAN", tuesday, "PT2H"), "rrule", "RSCALE"),
                refused("every second", with("FREQ=SECONDLY", tuesday, "PT1S"), "rrule", "at least an hour apart"),
                refused(
                        "every minute",
                        with("FREQ=MINUTELY;INTERVAL=90", tuesday, "PT1M"),
                        "rrule",
                        "at least an hour apart"),
                refused("an unknown FREQ", with("FREQ=FORTNIGHTLY", tuesday, "PT2H"), "rrule", "FREQ must be"),
                refused("INTERVAL=0", with("FREQ=HOURLY;INTERVAL=0", tuesday, "PT30M"), "rrule", "INTERVAL"),
                refused("a negative INTERVAL", with("FREQ=HOURLY;INTERVAL=-1", tuesday, "PT30M"), "rrule", "INTERVAL"),
                refused(
                        "a huge INTERVAL",
                        with("FREQ=DAILY;INTERVAL=99999999999", tuesday, "PT2H"),
                        "rrule",
                        "INTERVAL"),
                refused(
                        "several minutes an hour",
                        with("FREQ=DAILY;BYMINUTE=0,30", tuesday, "PT10M"),
                        "rrule",
                        "several BYMINUTE"),
                refused(
                        "several seconds a minute",
                        with("FREQ=HOURLY;BYSECOND=0,1", tuesday, "PT1S"),
                        "rrule",
                        "several BYMINUTE or BYSECOND"),
                refused(
                        "another minute than the start's",
                        with("FREQ=DAILY;BYMINUTE=30", tuesday, "PT10M"),
                        "rrule",
                        "BYMINUTE must be the start's own (0)"),
                refused(
                        "another second than the start's",
                        with("FREQ=DAILY;BYSECOND=30", tuesday, "PT10M"),
                        "rrule",
                        "BYSECOND must be the start's own (0)"),
                refused(
                        "HOURLY filtered by month",
                        with("FREQ=HOURLY;BYMONTH=1", tuesday, "PT10M"),
                        "rrule",
                        "only use BYHOUR and BYDAY in an HOURLY rule"),
                refused(
                        "COUNT and UNTIL",
                        with("FREQ=WEEKLY;COUNT=3;UNTIL=20270101T000000Z", tuesday, "PT2H"),
                        "rrule",
                        "both COUNT and UNTIL"),
                refused("a COUNT too large", with("FREQ=WEEKLY;COUNT=10001", tuesday, "PT2H"), "rrule", "COUNT"),
                refused("COUNT=0", with("FREQ=WEEKLY;COUNT=0", tuesday, "PT2H"), "rrule", "COUNT"),
                refused(
                        "an impossible UNTIL",
                        with("FREQ=WEEKLY;UNTIL=20271341T000000Z", tuesday, "PT2H"),
                        "rrule",
                        "UNTIL must be"),
                refused(
                        "UNTIL without a day",
                        with("FREQ=WEEKLY;UNTIL=2027", tuesday, "PT2H"),
                        "rrule",
                        "UNTIL must be"),
                refused(
                        "UNTIL before start",
                        with("FREQ=WEEKLY;UNTIL=20261201T000000Z", tuesday, "PT2H"),
                        "rrule",
                        "UNTIL must not be before start"),
                refused("a sixth Monday", with("FREQ=MONTHLY;BYDAY=6MO", tuesday, "PT2H"), "rrule", "-5 to 5"),
                refused(
                        "a numbered day in a WEEKLY rule",
                        with("FREQ=WEEKLY;BYDAY=1TU", tuesday, "PT2H"),
                        "rrule",
                        "only in MONTHLY and YEARLY"),
                refused(
                        "an unknown weekday",
                        with("FREQ=YEARLY;BYDAY=-1SO", tuesday, "PT2H"),
                        "rrule",
                        "BYDAY must list"),
                refused("an empty BYDAY", with("FREQ=WEEKLY;BYDAY=", tuesday, "PT2H"), "rrule", "BYDAY must list"),
                refused("hour 24", with("FREQ=DAILY;BYHOUR=24", tuesday, "PT2H"), "rrule", "BYHOUR must list"),
                refused("a signed hour", with("FREQ=DAILY;BYHOUR=+2", tuesday, "PT2H"), "rrule", "BYHOUR must list"),
                refused(
                        "BYWEEKNO outside YEARLY",
                        with("FREQ=WEEKLY;BYWEEKNO=1", tuesday, "PT2H"),
                        "rrule",
                        "BYWEEKNO only in YEARLY"),
                refused("BYSETPOS alone", with("FREQ=DAILY;BYSETPOS=1", tuesday, "PT2H"), "rrule", "BYSETPOS only"),
                refused(
                        "a rule without occurrences",
                        with("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", tuesday, "PT2H"),
                        "rrule",
                        "has no occurrence"),
                refused(
                        "Mondays on 29 February, 28 years apart",
                        with("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO", "2016-02-29T02:00:00", "PT2H"),
                        "rrule",
                        "too far apart"),
                refused(
                        "a start the rule does not give",
                        with("FREQ=WEEKLY;BYDAY=WE", tuesday, "PT2H"),
                        "start",
                        "must be an occurrence of the rule"),
                refused(
                        "a start off the BYHOUR hours",
                        with("FREQ=DAILY;BYHOUR=3,4", tuesday, "PT30M"),
                        "start",
                        "must be an occurrence of the rule"),
                refused("no zone", new RecurrenceText("FREQ=WEEKLY", null, tuesday, "PT2H"), "timeZone", "is required"),
                refused(
                        "an offset for a zone",
                        new RecurrenceText("FREQ=WEEKLY", "+02:00", tuesday, "PT2H"),
                        "timeZone",
                        "IANA time zone"),
                refused(
                        "a prefixed offset",
                        new RecurrenceText("FREQ=WEEKLY", "UTC+02:00", tuesday, "PT2H"),
                        "timeZone",
                        "IANA time zone"),
                refused(
                        "a zone in lower case",
                        new RecurrenceText("FREQ=WEEKLY", "europe/berlin", tuesday, "PT2H"),
                        "timeZone",
                        "IANA time zone"),
                refused(
                        "an unknown zone",
                        new RecurrenceText("FREQ=WEEKLY", "Mars/Olympus_Mons", tuesday, "PT2H"),
                        "timeZone",
                        "IANA time zone"),
                refused("no start", with("FREQ=WEEKLY", null, "PT2H"), "start", "is required"),
                refused(
                        "a start with an offset",
                        with("FREQ=WEEKLY", "2026-12-08T02:00:00Z", "PT2H"),
                        "start",
                        "without offset"),
                refused("a date for a start", with("FREQ=WEEKLY", "2026-12-08", "PT2H"), "start", "local date-time"),
                refused(
                        "a start in fractions of a second",
                        with("FREQ=WEEKLY", "2026-12-08T02:00:00.5", "PT2H"),
                        "start",
                        "whole seconds"),
                refused("a start in 1850", with("FREQ=WEEKLY", "1850-12-08T02:00:00", "PT2H"), "start", "1900 to 2999"),
                refused("no duration", with("FREQ=WEEKLY", tuesday, null), "duration", "is required"),
                refused("a duration in words", with("FREQ=WEEKLY", tuesday, "2 hours"), "duration", "ISO-8601"),
                refused("a duration in weeks", with("FREQ=WEEKLY", tuesday, "P1W"), "duration", "ISO-8601"),
                refused("a zero duration", with("FREQ=WEEKLY", tuesday, "PT0S"), "duration", "positive"),
                refused("a negative duration", with("FREQ=WEEKLY", tuesday, "-PT1H"), "duration", "positive"),
                refused("a duration in fractions", with("FREQ=WEEKLY", tuesday, "PT1.5S"), "duration", "whole seconds"),
                refused(
                        "longer than a window may be",
                        with("FREQ=YEARLY", tuesday, "P32D"),
                        "duration",
                        "at most 31 days"),
                refused(
                        "a weekly window of a week",
                        with("FREQ=WEEKLY", tuesday, "P7D"),
                        "duration",
                        "shorter than 7 days"),
                refused(
                        "a daily window of a day",
                        with("FREQ=DAILY", tuesday, "PT24H"),
                        "duration",
                        "shorter than 1 day"),
                refused(
                        "twice a day, twelve hours each",
                        with("FREQ=DAILY;BYHOUR=2,14", tuesday, "PT12H"),
                        "duration",
                        "shorter than 12 hours"),
                refused(
                        "hourly, an hour each",
                        with("FREQ=HOURLY", tuesday, "PT1H"),
                        "duration",
                        "shorter than 1 hour"),
                refused(
                        "a skipped day the rule does not give",
                        exceptions(List.of("2026-12-09T02:00:00"), null, null),
                        "skipped[0]",
                        "is not the local start of an occurrence"),
                refused(
                        "a skipped time not on the hour",
                        exceptions(List.of("2026-12-08T02:00:00", "2026-12-15T02:30:00"), null, null),
                        "skipped[1]",
                        "is not the local start of an occurrence"),
                refused(
                        "a missing skipped day",
                        exceptions(Arrays.asList((String) null), null, null),
                        "skipped[0]",
                        "is required"),
                refused("too many skipped days", exceptions(manySkipped(1001), null, null), "skipped", "at most 1000"),
                refused(
                        "an end of series in words",
                        exceptions(null, "tomorrow", null),
                        "endsFrom",
                        "ISO-8601 instant"),
                refused(
                        "an early end before the start",
                        exceptions(
                                null, null, List.of(new EarlyEndText("2026-12-08T02:00:00", "2026-12-08T00:59:59Z"))),
                        "endedEarly[0].endedAt",
                        "after the occurrence's start"),
                refused(
                        "an early end after the end",
                        exceptions(
                                null, null, List.of(new EarlyEndText("2026-12-08T02:00:00", "2026-12-08T03:00:00Z"))),
                        "endedEarly[0].endedAt",
                        "before its end"),
                refused(
                        "an early end of no occurrence",
                        exceptions(
                                null, null, List.of(new EarlyEndText("2026-12-08T03:00:00", "2026-12-08T02:30:00Z"))),
                        "endedEarly[0].start",
                        "is not the local start of an occurrence"),
                refused(
                        "an occurrence ended twice",
                        exceptions(
                                null,
                                null,
                                List.of(
                                        new EarlyEndText("2026-12-08T02:00:00", "2026-12-08T01:30:00Z"),
                                        new EarlyEndText("2026-12-08T02:00:00", "2026-12-08T01:45:00Z"))),
                        "endedEarly[1].start",
                        "already ended early"),
                refused(
                        "an early end without an instant",
                        exceptions(null, null, List.of(new EarlyEndText("2026-12-08T02:00:00", null))),
                        "endedEarly[0].endedAt",
                        "is required"));
    }

    static Arguments refused(String what, RecurrenceText text, String field, String reason) {
        return Arguments.of(what, text, "recurrence." + field, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWithTheFieldAndAShortReason(String what, RecurrenceText text, String field, String reason) {
        RecurrenceValidation validation = RecurringSchedule.validate(text, MAX_LENGTH);

        assertThat(validation).isInstanceOf(RecurrenceValidation.Invalid.class);
        List<RecurrenceViolation> violations = ((RecurrenceValidation.Invalid) validation).violations();
        assertThat(violations).hasSize(1);
        assertThat(violations.getFirst().field()).isEqualTo(field);
        assertThat(violations.getFirst().message()).contains(reason).hasSizeLessThan(150);
    }

    @Test
    void listsEveryBadFieldAtOnce() {
        RecurrenceValidation validation = RecurringSchedule.validate(
                new RecurrenceText("FREQ=MINUTELY", "Europe/Berlín", "yesterday", "PT0S"), MAX_LENGTH);

        assertThat(((RecurrenceValidation.Invalid) validation).violations())
                .extracting(RecurrenceViolation::field)
                .containsExactlyInAnyOrder(
                        "recurrence.rrule", "recurrence.timeZone", "recurrence.start", "recurrence.duration");
    }

    @Test
    void acceptsExceptionsThatNameOccurrences() {
        RecurrenceText text = exceptions(
                List.of("2026-12-15T02:00:00"),
                "2027-06-01T00:00:00Z",
                List.of(new EarlyEndText("2026-12-22T02:00:00", "2026-12-22T01:30:00Z")));

        RecurrenceValidation validation = RecurringSchedule.validate(text, MAX_LENGTH);

        assertThat(validation).isInstanceOf(RecurrenceValidation.Valid.class);
        Recurrence recurrence =
                ((RecurrenceValidation.Valid) validation).schedule().recurrence();
        assertThat(recurrence.skipped()).containsExactly(LocalDateTime.parse("2026-12-15T02:00:00"));
        assertThat(recurrence.endsFrom()).isEqualTo(Instant.parse("2027-06-01T00:00:00Z"));
        assertThat(recurrence.endedEarly())
                .containsExactly(new Recurrence.EarlyEnd(
                        LocalDateTime.parse("2026-12-22T02:00:00"), Instant.parse("2026-12-22T01:30:00Z")));
    }

    @Test
    void aStoredRecurrenceKeepsALengthTheLimitNoLongerAllows() {
        Recurrence stored = new Recurrence(
                "FREQ=YEARLY",
                ZoneId.of("Europe/Berlin"),
                LocalDateTime.parse("2026-12-08T02:00:00"),
                Duration.ofDays(40));

        assertThat(RecurringSchedule.validate(stored, MAX_LENGTH)).isInstanceOf(RecurrenceValidation.Invalid.class);
        assertThat(RecurringSchedule.of(stored).recurrence()).isEqualTo(stored);
    }

    @Test
    void aStoredRecurrenceThatCannotBeEvaluatedIsRefusedWithItsViolations() {
        Recurrence stored = new Recurrence(
                "FREQ=WEEKLY", ZoneOffset.ofHours(2), LocalDateTime.parse("2026-12-08T02:00:00"), Duration.ofHours(2));

        assertThatThrownBy(() -> RecurringSchedule.of(stored))
                .isInstanceOfSatisfying(
                        InvalidRecurrenceException.class,
                        e -> assertThat(e.violations())
                                .extracting(RecurrenceViolation::field)
                                .containsExactly("recurrence.timeZone"));
    }

    /** Pieces of rules, valid and not, glued at random: whatever comes out is answered, never thrown. */
    @Test
    void answersEveryRuleWithoutThrowing() {
        String[] pieces = {
            "FREQ=",
            "HOURLY",
            "DAILY",
            "WEEKLY",
            "MONTHLY",
            "YEARLY",
            "MINUTELY",
            ";",
            ";",
            ";",
            "=",
            ",",
            "BYDAY=",
            "TU",
            "-1",
            "2",
            "53",
            "SO",
            "MO",
            "+",
            "-",
            "BYHOUR=",
            "BYMINUTE=",
            "BYSECOND=",
            "BYMONTHDAY=",
            "BYYEARDAY=",
            "BYWEEKNO=",
            "BYMONTH=",
            "BYSETPOS=",
            "WKST=",
            "COUNT=",
            "UNTIL=",
            "20271231",
            "T020000",
            "Z",
            "INTERVAL=",
            "0",
            "1",
            "31",
            "366",
            "999999999999",
            "X-",
            "RSCALE=",
            "SKIP=",
            " ",
            "\u0000"
        };
        Random random = new Random(20261208L);
        List<String> rules = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            StringBuilder rule = new StringBuilder(random.nextBoolean() ? "FREQ=" : "");
            for (int n = random.nextInt(12); n > 0; n--) {
                rule.append(pieces[random.nextInt(pieces.length)]);
            }
            rules.add(rule.toString());
        }
        int valid = 0;
        for (String rule : rules) {
            for (String start : List.of("2026-12-08T02:00:00", "2027-03-28T02:30:00")) {
                RecurrenceValidation validation = RecurringSchedule.validate(with(rule, start, "PT30M"), MAX_LENGTH);
                if (validation instanceof RecurrenceValidation.Valid(RecurringSchedule schedule)) {
                    valid++;
                    assertThat(schedule.next(Instant.parse("2027-01-01T00:00:00Z"), 3))
                            .isNotNull();
                } else {
                    assertThat(((RecurrenceValidation.Invalid) validation).violations())
                            .allSatisfy(
                                    violation -> assertThat(violation.field()).startsWith("recurrence."));
                }
            }
        }
        // Some of the glued rules must get through, or this only tests the syntax check.
        assertThat(valid).isGreaterThan(20);
    }

    private static List<@Nullable String> manySkipped(int count) {
        List<@Nullable String> skipped = new ArrayList<>();
        LocalDateTime tuesday = LocalDateTime.parse("2026-12-08T02:00:00");
        for (int i = 0; i < count; i++) {
            skipped.add(tuesday.plusWeeks(i).toString());
        }
        return skipped;
    }
}
