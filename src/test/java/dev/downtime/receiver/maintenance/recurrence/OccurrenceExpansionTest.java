package dev.downtime.receiver.maintenance.recurrence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.time.zone.ZoneRulesProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OccurrenceExpansionTest {

    static final Duration MAX_LENGTH = Duration.ofDays(31);

    static RecurringSchedule schedule(String rrule, String zone, String start, String duration) {
        RecurrenceValidation validation =
                RecurringSchedule.validate(new RecurrenceText(rrule, zone, start, duration), MAX_LENGTH);
        assertThat(validation).isInstanceOf(RecurrenceValidation.Valid.class);
        return ((RecurrenceValidation.Valid) validation).schedule();
    }

    /** Every Tuesday 02:00-04:00 Berlin time (01:00Z-03:00Z in winter) from 8 December 2026. */
    static RecurringSchedule tuesdays(String rrule) {
        return schedule(rrule, "Europe/Berlin", "2026-12-08T02:00:00", "PT2H");
    }

    static List<Instant> starts(List<Occurrence> occurrences) {
        return occurrences.stream().map(Occurrence::startsAt).toList();
    }

    static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void listsTheNextOccurrencesInUtcAndLocalTime() {
        List<Occurrence> next = tuesdays("FREQ=WEEKLY;BYDAY=TU").next(at("2026-12-01T00:00:00Z"), 3);

        assertThat(next)
                .extracting(o -> o.startsAt() + " " + o.endsAt() + " " + o.localStart() + " " + o.localEnd())
                .containsExactly(
                        "2026-12-08T01:00:00Z 2026-12-08T03:00:00Z 2026-12-08T02:00+01:00 2026-12-08T04:00+01:00",
                        "2026-12-15T01:00:00Z 2026-12-15T03:00:00Z 2026-12-15T02:00+01:00 2026-12-15T04:00+01:00",
                        "2026-12-22T01:00:00Z 2026-12-22T03:00:00Z 2026-12-22T02:00+01:00 2026-12-22T04:00+01:00");
    }

    @ParameterizedTest(name = "at {0}: active {1}")
    @CsvSource({
        "2026-12-08T00:59:59.999999999Z, false",
        "2026-12-08T01:00:00Z, true",
        "2026-12-08T02:59:59.999999999Z, true",
        "2026-12-08T03:00:00Z, false",
        "2026-12-15T00:59:59Z, false",
        "2026-12-15T01:00:00Z, true"
    })
    void anOccurrenceIsActiveOnItsHalfOpenInterval(Instant t, boolean active) {
        assertThat(tuesdays("FREQ=WEEKLY;BYDAY=TU").occurrenceAt(t).isPresent()).isEqualTo(active);
    }

    @ParameterizedTest(name = "[{0}, {1}) -> {2}")
    @CsvSource({
        // The occurrence running at `from` counts, one ending exactly at `from` does not.
        "2026-12-08T02:00:00Z, 2026-12-15T00:00:00Z, 2026-12-08T01:00:00Z",
        "2026-12-08T03:00:00Z, 2026-12-15T01:00:00Z, ''",
        // One starting exactly at `to` does not count.
        "2026-12-08T03:00:00Z, 2026-12-15T01:00:00.000000001Z, 2026-12-15T01:00:00Z",
        "2026-12-01T00:00:00Z, 2026-12-22T01:00:00Z, 2026-12-08T01:00:00Z 2026-12-15T01:00:00Z",
        "2026-12-08T01:00:00Z, 2026-12-08T01:00:00Z, ''"
    })
    void occurrencesBetweenAreThoseOverlappingTheSpan(Instant from, Instant to, String expected) {
        assertThat(starts(tuesdays("FREQ=WEEKLY;BYDAY=TU").occurrencesBetween(from, to)))
                .extracting(Instant::toString)
                .containsExactlyElementsOf(expected.isEmpty() ? List.of() : List.of(expected.split(" ")));
    }

    @Test
    void nextStartsWithTheOccurrenceInProgress() {
        assertThat(starts(tuesdays("FREQ=WEEKLY;BYDAY=TU").next(at("2026-12-08T02:59:59Z"), 2)))
                .containsExactly(at("2026-12-08T01:00:00Z"), at("2026-12-15T01:00:00Z"));
    }

    @ParameterizedTest(name = "{0}: {1} occurrences")
    @CsvSource({
        "FREQ=WEEKLY;BYDAY=TU;COUNT=3, 3",
        // UNTIL is inclusive: the third start is exactly 2026-12-22T01:00:00Z.
        "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261222T010000Z, 3",
        "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261222T005959Z, 2",
        "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261222T020000, 3",
        "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261222T015959, 2",
        "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261222, 3",
        "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261221, 2"
    })
    void countAndUntilEndTheSeries(String rrule, int occurrences) {
        RecurringSchedule schedule = tuesdays(rrule);

        assertThat(schedule.next(at("2026-12-01T00:00:00Z"), 10)).hasSize(occurrences);
        assertThat(schedule.occurrencesBetween(at("2026-12-01T00:00:00Z"), at("2027-12-01T00:00:00Z")))
                .hasSize(occurrences);
    }

    @Test
    void aSkippedOccurrenceDoesNotTakePlace() {
        Recurrence recurrence = tuesdays("FREQ=WEEKLY;BYDAY=TU").recurrence();
        RecurringSchedule schedule = RecurringSchedule.of(recurrence.skipping(LocalDateTime.parse("2026-12-15T02:00")));

        assertThat(starts(schedule.next(at("2026-12-01T00:00:00Z"), 3)))
                .containsExactly(at("2026-12-08T01:00:00Z"), at("2026-12-22T01:00:00Z"), at("2026-12-29T01:00:00Z"));
        assertThat(schedule.occurrenceAt(at("2026-12-15T02:00:00Z"))).isEmpty();
        assertThat(schedule.occurrenceStartingAt(LocalDateTime.parse("2026-12-15T02:00")))
                .isEmpty();
    }

    @ParameterizedTest(name = "ends from {0}")
    @CsvSource({
        "2026-12-15T01:00:00Z, 2026-12-08T01:00:00Z",
        "2026-12-15T01:00:00.000001Z, 2026-12-08T01:00:00Z 2026-12-15T01:00:00Z",
        // An occurrence running when the series ends keeps its end.
        "2026-12-08T01:30:00Z, 2026-12-08T01:00:00Z"
    })
    void noOccurrenceStartsOnceTheSeriesHasEnded(Instant endsFrom, String expected) {
        RecurringSchedule schedule = RecurringSchedule.of(
                tuesdays("FREQ=WEEKLY;BYDAY=TU").recurrence().endingFrom(endsFrom));

        List<Occurrence> next = schedule.next(at("2026-12-01T00:00:00Z"), 10);

        assertThat(starts(next)).extracting(Instant::toString).containsExactly(expected.split(" "));
        assertThat(next.getFirst().endsAt()).isEqualTo(at("2026-12-08T03:00:00Z"));
    }

    @Test
    void anOccurrenceEndedEarlyEndsThenAndTheNextOneIsUntouched() {
        RecurringSchedule schedule = RecurringSchedule.of(tuesdays("FREQ=WEEKLY;BYDAY=TU")
                .recurrence()
                .endingEarly(LocalDateTime.parse("2026-12-08T02:00"), at("2026-12-08T02:00:00Z")));

        List<Occurrence> next = schedule.next(at("2026-12-01T00:00:00Z"), 2);

        assertThat(next.getFirst().endsAt()).isEqualTo(at("2026-12-08T02:00:00Z"));
        assertThat(next.getFirst().endedEarly()).isTrue();
        assertThat(next.get(1).endsAt()).isEqualTo(at("2026-12-15T03:00:00Z"));
        assertThat(next.get(1).endedEarly()).isFalse();
        assertThat(schedule.occurrenceAt(at("2026-12-08T02:00:00Z"))).isEmpty();
        assertThat(schedule.occurrenceAt(at("2026-12-08T01:59:59Z"))).isPresent();
    }

    @ParameterizedTest
    @CsvSource({"2026-12-08T01:00:00Z", "2026-12-07T12:00:00Z"})
    void anOccurrenceEndedAtOrBeforeItsStartDoesNotTakePlace(Instant endedAt) {
        RecurringSchedule schedule = RecurringSchedule.of(tuesdays("FREQ=WEEKLY;BYDAY=TU")
                .recurrence()
                .endingEarly(LocalDateTime.parse("2026-12-08T02:00"), endedAt));

        assertThat(starts(schedule.next(at("2026-12-01T00:00:00Z"), 1))).containsExactly(at("2026-12-15T01:00:00Z"));
    }

    @Test
    void refusesQuestionsThatCouldCostTooMuch() {
        RecurringSchedule schedule = tuesdays("FREQ=WEEKLY;BYDAY=TU");
        Instant now = at("2027-01-01T00:00:00Z");

        assertThatThrownBy(() -> schedule.next(now, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> schedule.next(now, RecurringSchedule.MAX_COUNT + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> schedule.occurrencesBetween(now, now.plus(Duration.ofDays(1001))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> schedule.occurrencesBetween(now, now.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(schedule.next(now, RecurringSchedule.MAX_COUNT)).hasSize(RecurringSchedule.MAX_COUNT);
        assertThat(schedule.occurrencesBetween(now, now.plus(RecurringSchedule.MAX_SPAN)))
                .hasSize(143);
    }

    @Test
    void answersOutsideTheSupportedYearsWithNothingRatherThanFailing() {
        RecurringSchedule schedule = tuesdays("FREQ=WEEKLY;BYDAY=TU");

        assertThat(schedule.next(Instant.MAX, 5)).isEmpty();
        assertThat(schedule.occurrenceAt(Instant.MIN)).isEmpty();
        assertThat(schedule.next(at("2999-12-01T00:00:00Z"), 10)).hasSize(5);
    }

    /** The index and request threads will share one schedule. */
    @Test
    void answersTheSameFromManyThreadsAtOnce() throws Exception {
        RecurringSchedule schedule =
                schedule("FREQ=WEEKLY;BYDAY=TU,SU;BYHOUR=2,14", "Europe/Berlin", "2026-12-08T02:00:00", "PT2H");
        Instant from = at("2027-03-01T00:00:00Z");
        List<Occurrence> expected = schedule.next(from, 50);

        try (var threads = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<List<Occurrence>>> answers = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                answers.add(threads.submit(() -> schedule.next(from, 50)));
            }
            for (var answer : answers) {
                assertThat(answer.get()).isEqualTo(expected);
            }
        }
    }

    /**
     * An open-ended rule started in 1970 and asked about 2100: the answer is the one a walk from
     * 1970 gives, and costs what a question about next week costs.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "FREQ=HOURLY, 1970-01-01T00:30:00, PT30M",
        "'FREQ=HOURLY;INTERVAL=7;BYDAY=MO,TU,WE', 1970-01-05T00:30:00, PT30M",
        "'FREQ=DAILY;BYHOUR=2,14', 1970-01-01T02:00:00, PT2H",
        "'FREQ=DAILY;INTERVAL=3;BYDAY=SU;BYHOUR=2,3;BYSETPOS=-1', 1970-01-04T03:00:00, PT30M",
        "'FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,FR;WKST=SU', 1970-01-02T02:00:00, PT2H",
        "FREQ=MONTHLY;BYDAY=-1FR, 1970-01-30T02:00:00, PT2H",
        "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU, 1970-03-29T02:30:00, PT2H"
    })
    void aRuleFrom1970AskedAbout2100IsFastForwardedNotWalked(String rrule, String start, String duration) {
        RecurringSchedule schedule = schedule(rrule, "Europe/Berlin", start, duration);
        Instant from = at("2100-03-20T00:00:00Z");
        Instant to = at("2100-04-20T00:00:00Z");

        assertThat(schedule.occurrencesBetween(from, to))
                .isNotEmpty()
                .isEqualTo(walkedFromTheStart(schedule, from, to));

        long before = schedule.workDone();
        int questions = 0;
        for (int day = 0; day < 2000; day++) {
            Instant t = from.plus(Duration.ofHours(day * 13L));
            schedule.occurrencesBetween(t, t.plus(Duration.ofDays(1)));
            schedule.next(t, 3);
            questions += 2;
        }
        // Counted, not timed: a walk from 1970 steps over 130 years of periods for each question
        // (over a million for an hourly rule); moved on by whole periods, a question costs a few
        // dozen instances (a monthly rule also 12 fast-forward steps a year, as documented).
        long perQuestion = (schedule.workDone() - before) / questions;
        assertThat(perQuestion).isLessThan(rrule.startsWith("FREQ=MONTHLY") ? 1700 : 200);
    }

    /** lib-recur walked from the start with no fast-forward, read the way RecurringSchedule documents. */
    static List<Occurrence> walkedFromTheStart(RecurringSchedule schedule, Instant from, Instant to) {
        Recurrence recurrence = schedule.recurrence();
        ZoneId zone = recurrence.timeZone();
        LocalDateTime start = recurrence.start();
        List<Occurrence> found = new ArrayList<>();
        try {
            RecurrenceRuleIterator instances = new RecurrenceRule(recurrence.rrule())
                    .iterator(new DateTime(
                            start.getYear(),
                            start.getMonthValue() - 1,
                            start.getDayOfMonth(),
                            start.getHour(),
                            start.getMinute(),
                            start.getSecond()));
            while (instances.hasNext()) {
                DateTime instance = instances.nextDateTime();
                LocalDateTime local = LocalDateTime.of(
                        instance.getYear(),
                        instance.getMonth() + 1,
                        instance.getDayOfMonth(),
                        instance.getHours(),
                        instance.getMinutes(),
                        instance.getSeconds());
                Instant startsAt = local.atZone(zone).toInstant();
                if (!startsAt.isBefore(to)) {
                    break;
                }
                Instant endsAt = startsAt.plus(recurrence.duration());
                boolean duplicate =
                        !found.isEmpty() && found.getLast().startsAt().equals(startsAt);
                if (endsAt.isAfter(from) && !duplicate) {
                    found.add(new Occurrence(
                            local,
                            startsAt,
                            endsAt,
                            startsAt.atZone(zone).toOffsetDateTime(),
                            endsAt.atZone(zone).toOffsetDateTime(),
                            false));
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return found;
    }

    /** A zone whose rules a test can change while the JVM runs, as new tzdata would. */
    static final class ChangingRules extends ZoneRulesProvider {

        static final String ZONE = "Test/Changing_Rules";
        static volatile ZoneRules rules = ZoneRules.of(ZoneOffset.ofHours(1));

        static {
            ZoneRulesProvider.registerProvider(new ChangingRules());
        }

        @Override
        protected Set<String> provideZoneIds() {
            return Set.of(ZONE);
        }

        @Override
        protected ZoneRules provideRules(String zoneId, boolean forCaching) {
            // null when asked for rules to cache: java.time then asks again at each use.
            return forCaching ? null : rules;
        }

        @Override
        protected NavigableMap<String, ZoneRules> provideVersions(String zoneId) {
            return new TreeMap<>(Map.of("test", rules));
        }
    }

    @Test
    void newZoneRulesMoveFutureOccurrencesAndTheirExceptionsWithThem() {
        ZoneRules before = ChangingRules.rules;
        try {
            RecurringSchedule schedule =
                    RecurringSchedule.of(schedule("FREQ=DAILY", ChangingRules.ZONE, "2030-01-01T02:00:00", "PT1H")
                            .recurrence()
                            .skipping(LocalDateTime.parse("2030-01-06T02:00")));
            Instant from = at("2030-01-04T12:00:00Z");
            assertThat(starts(schedule.next(from, 2)))
                    .containsExactly(at("2030-01-05T01:00:00Z"), at("2030-01-07T01:00:00Z"));

            ChangingRules.rules = ZoneRules.of(ZoneOffset.ofHours(2));

            List<Occurrence> next = schedule.next(from, 2);
            assertThat(starts(next)).containsExactly(at("2030-01-05T00:00:00Z"), at("2030-01-07T00:00:00Z"));
            assertThat(next)
                    .allSatisfy(occurrence -> assertThat(
                                    occurrence.localStart().toLocalTime().toString())
                            .isEqualTo("02:00"));
        } finally {
            ChangingRules.rules = before;
        }
    }
}
