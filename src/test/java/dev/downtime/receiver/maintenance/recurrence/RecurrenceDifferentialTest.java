package dev.downtime.receiver.maintenance.recurrence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.maintenance.Coverage;
import dev.downtime.receiver.maintenance.ScheduledWindow;
import dev.downtime.receiver.maintenance.WindowScope;
import dev.downtime.receiver.maintenance.recurrence.ReferenceModel.Day;
import dev.downtime.receiver.maintenance.recurrence.ReferenceModel.EarlyEnd;
import dev.downtime.receiver.maintenance.recurrence.ReferenceModel.Freq;
import dev.downtime.receiver.maintenance.recurrence.ReferenceModel.Interval;
import dev.downtime.receiver.maintenance.recurrence.ReferenceModel.Series;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The engine against {@link ReferenceModel}, on 10,000 generated scenarios: series in the four
 * zones around their 2026 and 2027 DST changes (some started years before, to exercise the
 * fast-forward), with skips, ends of series, early ends, a few one-off windows, and questions asked
 * at and around every boundary. For each question it compares the occurrence in progress, the
 * occurrences over a span, the next ones, and the end of the covered stretch as {@link Coverage}
 * merges the engine's occurrences with the one-off windows. Zero disagreements; a failure names
 * the scenario's seed ({@code -Drecurrence.seed=...} replays just it) and the smallest scenario
 * that still disagrees.
 */
public class RecurrenceDifferentialTest {

    static final int SCENARIOS = 10_000;
    static final long SEED = Long.getLong("recurrence.seed", 20_261_208L);
    static final Duration MAX_LENGTH = Duration.ofDays(31);
    static final List<ZoneId> ZONES = Stream.of("Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata")
            .map(ZoneId::of)
            .toList();
    static final List<Duration> HORIZONS =
            List.of(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(10), Duration.ofDays(45));
    static final List<Duration> SPANS = List.of(
            Duration.ofNanos(1), Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(10), Duration.ofDays(40));

    /** A question: at an instant, over a span, for a count, with the cover computed up to a horizon. */
    public record Question(Instant at, Duration span, int count, Duration horizon) {}

    public record Scenario(long seed, List<Series> series, List<Interval> oneOffs, List<Question> questions) {

        Scenario with(List<Series> series, List<Interval> oneOffs) {
            return new Scenario(seed, series, oneOffs, questions);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("seed ").append(seed);
            series.forEach(s -> text.append("\n  series ").append(s));
            oneOffs.forEach(w -> text.append("\n  one-off [")
                    .append(w.start())
                    .append(", ")
                    .append(w.end())
                    .append(')'));
            questions.forEach(q -> text.append("\n  question ").append(q));
            return text.toString();
        }
    }

    /** How often the scenarios reach the cases they are there for, so that a change to the generator cannot quietly stop testing them. */
    static final class Reached {
        int inProgress;
        int chained;
        int inGap;
        int inOverlap;
        int endedEarly;
        int skipped;
    }

    @Test
    void agreesWithTheReferenceModelOnEveryGeneratedScenario() {
        Long only = Long.getLong("recurrence.scenario");
        int questions = 0;
        Reached reached = new Reached();
        for (int i = 0; i < (only == null ? SCENARIOS : 1); i++) {
            long seed = only != null ? only : SEED + i * 0x9E37_79B9L;
            Scenario scenario = generate(seed);
            Optional<String> disagreement = disagreement(scenario, reached);
            if (disagreement.isPresent()) {
                Scenario smallest = shrink(scenario);
                throw new AssertionError("The engine disagrees with the reference model. Replay with"
                        + " -Drecurrence.scenario=" + seed + "\nSmallest scenario that disagrees: " + smallest
                        + "\n" + disagreement(smallest).orElseThrow() + "\nOriginal scenario: " + scenario);
            }
            questions += scenario.questions().size();
        }
        assertThat(questions).isGreaterThanOrEqualTo(only == null ? SCENARIOS * 4 : 1);
        if (only == null) {
            assertThat(reached.inProgress)
                    .as("questions asked during an occurrence")
                    .isGreaterThan(5000);
            assertThat(reached.chained).as("stretches chaining several windows").isGreaterThan(500);
            assertThat(reached.inGap)
                    .as("scenarios with a start in a spring-forward gap")
                    .isGreaterThan(600);
            assertThat(reached.inOverlap)
                    .as("scenarios with a start in a fall-back overlap")
                    .isGreaterThan(600);
            assertThat(reached.endedEarly).as("occurrences ended early").isGreaterThan(1000);
            assertThat(reached.skipped)
                    .as("scenarios with a skipped occurrence")
                    .isGreaterThan(3000);
        }
    }

    /** The reference model is itself checked on the examples the DST table checks the engine with. */
    @Test
    void theReferenceModelReadsDstAsTheTableDoes() {
        Series sunday = new Series(
                Freq.WEEKLY,
                1,
                List.of(),
                null,
                null,
                null,
                ZoneId.of("Europe/Berlin"),
                LocalDateTime.parse("2027-03-21T02:30"),
                Duration.ofHours(2),
                List.of(),
                null,
                List.of());

        List<ReferenceModel.Occurrence> occurrences =
                ReferenceModel.occurrences(sunday, LocalDate.parse("2027-03-28"), true);

        assertThat(occurrences)
                .extracting(ReferenceModel.Occurrence::start)
                .containsExactly(Instant.parse("2027-03-21T01:30:00Z"), Instant.parse("2027-03-28T01:30:00Z"));
        assertThat(ReferenceModel.instantOf(LocalDateTime.parse("2026-10-25T02:30"), ZoneId.of("Europe/Berlin")))
                .isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
        assertThat(ReferenceModel.coveredUntil(
                        List.of(
                                interval("01:00:00", "02:00:00"),
                                interval("02:00:00", "03:00:00"),
                                interval("03:00:01", "04:00:00")),
                        Instant.parse("2027-01-01T01:30:00Z")))
                .isEqualTo(Instant.parse("2027-01-01T03:00:00Z"));
    }

    private static Interval interval(String from, String to) {
        return new Interval(Instant.parse("2027-01-01T" + from + "Z"), Instant.parse("2027-01-01T" + to + "Z"));
    }

    // ------------------------------------------------------------------ comparison

    static Optional<String> disagreement(Scenario scenario) {
        return disagreement(scenario, new Reached());
    }

    static Optional<String> disagreement(Scenario scenario, Reached reached) {
        List<RecurringSchedule> schedules = new ArrayList<>();
        for (Series series : scenario.series()) {
            Series bare = series.withExceptions(List.of(), null, List.of());
            RecurrenceValidation validation = RecurringSchedule.validate(
                    new Recurrence(bare.rrule(), bare.zone(), bare.start(), bare.duration()), MAX_LENGTH);
            if (validation instanceof RecurrenceValidation.Invalid(var violations)) {
                return Optional.of("the engine refuses " + bare + ": " + violations);
            }
            schedules.add(RecurringSchedule.of(recurrence(series)));
        }
        LocalDate lastDay = lastDay(scenario);
        List<List<ReferenceModel.Occurrence>> reference = scenario.series().stream()
                .map(series -> ReferenceModel.occurrences(series, lastDay, true))
                .toList();
        // Every start before this is in the reference's expansion, whatever the zone's offset.
        Instant known = lastDay.atStartOfDay(ZoneId.of("UTC")).toInstant().minus(Duration.ofDays(1));
        for (int s = 0; s < reference.size(); s++) {
            Series series = scenario.series().get(s);
            Set<Integer> offsets = reference.get(s).stream()
                    .map(o -> series.zone()
                            .getRules()
                            .getValidOffsets(o.scheduled())
                            .size())
                    .collect(Collectors.toSet());
            reached.inGap += offsets.contains(0) ? 1 : 0;
            reached.inOverlap += offsets.contains(2) ? 1 : 0;
            reached.endedEarly += (int) reference.get(s).stream()
                    .filter(o -> o.end().isBefore(o.start().plus(series.duration())))
                    .count();
            reached.skipped += series.skipped().isEmpty() ? 0 : 1;
        }

        for (Question question : scenario.questions()) {
            Instant t = question.at();
            for (int s = 0; s < schedules.size(); s++) {
                RecurringSchedule engine = schedules.get(s);
                List<ReferenceModel.Occurrence> expected = reference.get(s);
                String series = "series " + s + " ";

                String at = engine.occurrenceAt(t)
                        .map(RecurrenceDifferentialTest::text)
                        .orElse("none");
                String atExpected = expected.stream()
                        .filter(o -> o.interval().contains(t))
                        .max(Comparator.comparing(ReferenceModel.Occurrence::start))
                        .map(ReferenceModel.Occurrence::toString)
                        .orElse("none");
                reached.inProgress += atExpected.equals("none") ? 0 : 1;
                if (!at.equals(atExpected)) {
                    return Optional.of(series + "occurrenceAt(" + t + "): engine " + at + ", reference " + atExpected);
                }

                Instant until = t.plus(question.span());
                List<String> between = engine.occurrencesBetween(t, until).stream()
                        .map(RecurrenceDifferentialTest::text)
                        .toList();
                List<String> betweenExpected = expected.stream()
                        .filter(o -> o.start().isBefore(until) && o.end().isAfter(t))
                        .map(ReferenceModel.Occurrence::toString)
                        .toList();
                if (!between.equals(betweenExpected)) {
                    return Optional.of(series + "occurrencesBetween(" + t + ", " + until + "): engine " + between
                            + ", reference " + betweenExpected);
                }

                // The reference stops expanding at its last day; compare what both know before it.
                List<String> next = engine.next(t, question.count()).stream()
                        .filter(o -> o.startsAt().isBefore(known))
                        .map(RecurrenceDifferentialTest::text)
                        .toList();
                List<String> nextExpected = expected.stream()
                        .filter(o -> o.end().isAfter(t))
                        .limit(question.count())
                        .filter(o -> o.start().isBefore(known))
                        .map(ReferenceModel.Occurrence::toString)
                        .toList();
                if (!next.equals(nextExpected)) {
                    return Optional.of(series + "next(" + t + ", " + question.count() + "): engine " + next
                            + ", reference " + nextExpected);
                }
            }

            // Cover as the in-memory index will compute it: the occurrences overlapping [t, t + horizon)
            // of every series, with the one-off windows, through Coverage; compared up to the horizon.
            Instant horizon = t.plus(question.horizon());
            List<ScheduledWindow> windows = new ArrayList<>();
            for (RecurringSchedule engine : schedules) {
                engine.occurrencesBetween(t, horizon).forEach(o -> windows.add(window(o.startsAt(), o.endsAt())));
            }
            scenario.oneOffs().forEach(w -> windows.add(window(w.start(), w.end())));
            Instant covered = capped(Coverage.at(windows, t).until(), horizon);

            List<Interval> intervals = new ArrayList<>(scenario.oneOffs());
            reference.forEach(occurrences -> occurrences.forEach(o -> intervals.add(o.interval())));
            Instant stretchEnd = ReferenceModel.coveredUntil(intervals, t);
            Instant coveredExpected = capped(stretchEnd, horizon);
            boolean oneWindow =
                    intervals.stream().anyMatch(w -> w.contains(t) && w.end().equals(stretchEnd));
            reached.chained += stretchEnd != null && !oneWindow ? 1 : 0;
            if (!String.valueOf(covered).equals(String.valueOf(coveredExpected))) {
                return Optional.of("covered until at " + t + " (up to " + horizon + "): engine " + covered
                        + ", reference " + coveredExpected);
            }
        }
        return Optional.empty();
    }

    /** The engine's form of a generated series, exceptions included. */
    public static Recurrence recurrence(Series series) {
        return new Recurrence(
                series.rrule(),
                series.zone(),
                series.start(),
                series.duration(),
                series.skipped(),
                series.endsFrom(),
                series.earlyEnds().stream()
                        .map(e -> new Recurrence.EarlyEnd(e.start(), e.endedAt()))
                        .toList());
    }

    static String text(Occurrence occurrence) {
        if (!occurrence.localStart().toInstant().equals(occurrence.startsAt())
                || !occurrence.localEnd().toInstant().equals(occurrence.endsAt())) {
            return "local times that are not the same instants: " + occurrence;
        }
        return occurrence.scheduledStart() + " [" + occurrence.startsAt() + ", " + occurrence.endsAt() + ")";
    }

    static ScheduledWindow window(Instant start, Instant end) {
        return new ScheduledWindow(UUID.randomUUID(), WindowScope.URL, "https://example.com", start, end, null);
    }

    static @Nullable Instant capped(@Nullable Instant until, Instant horizon) {
        return until == null || until.isBefore(horizon) ? until : horizon;
    }

    /** The reference expands far enough past the last question for every horizon and duration. */
    public static LocalDate lastDay(Scenario scenario) {
        Instant last = scenario.questions().stream()
                .map(q -> q.at().plus(q.horizon()).plus(q.span()))
                .max(Comparator.naturalOrder())
                .orElseThrow();
        return LocalDate.ofInstant(last, ZoneId.of("UTC")).plusDays(3);
    }

    // ------------------------------------------------------------------ shrinking

    /** Drops series, one-off windows and exceptions one at a time for as long as the disagreement stays. */
    static Scenario shrink(Scenario scenario) {
        return shrink(
                scenario,
                RecurrenceDifferentialTest::smallerThan,
                s -> disagreement(s).isPresent());
    }

    /** The smallest scenario, one step from another at a time, that still {@code disagrees}. */
    public static <S> S shrink(S scenario, Function<S, List<S>> smallerThan, Predicate<S> disagrees) {
        S smallest = scenario;
        boolean smaller = true;
        while (smaller) {
            smaller = false;
            for (S candidate : smallerThan.apply(smallest)) {
                if (disagrees.test(candidate)) {
                    smallest = candidate;
                    smaller = true;
                    break;
                }
            }
        }
        return smallest;
    }

    static List<Scenario> smallerThan(Scenario scenario) {
        List<Scenario> candidates = new ArrayList<>();
        List<Series> series = scenario.series();
        List<Interval> oneOffs = scenario.oneOffs();
        for (int i = 0; i < scenario.questions().size() && scenario.questions().size() > 1; i++) {
            List<Question> fewer = new ArrayList<>(scenario.questions());
            fewer.remove(i);
            candidates.add(new Scenario(scenario.seed(), series, oneOffs, fewer));
        }
        for (int i = 0; i < series.size() && series.size() > 1; i++) {
            candidates.add(scenario.with(without(series, i), oneOffs));
        }
        for (int i = 0; i < oneOffs.size(); i++) {
            candidates.add(scenario.with(series, without(oneOffs, i)));
        }
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            for (int k = 0; k < s.skipped().size(); k++) {
                candidates.add(scenario.with(
                        replace(series, i, s.withExceptions(without(s.skipped(), k), s.endsFrom(), s.earlyEnds())),
                        oneOffs));
            }
            if (s.endsFrom() != null) {
                candidates.add(
                        scenario.with(replace(series, i, s.withExceptions(s.skipped(), null, s.earlyEnds())), oneOffs));
            }
            for (int k = 0; k < s.earlyEnds().size(); k++) {
                candidates.add(scenario.with(
                        replace(series, i, s.withExceptions(s.skipped(), s.endsFrom(), without(s.earlyEnds(), k))),
                        oneOffs));
            }
        }
        return candidates;
    }

    static <T> List<T> without(List<T> list, int index) {
        List<T> copy = new ArrayList<>(list);
        copy.remove(index);
        return List.copyOf(copy);
    }

    static <T> List<T> replace(List<T> list, int index, T value) {
        List<T> copy = new ArrayList<>(list);
        copy.set(index, value);
        return List.copyOf(copy);
    }

    // ------------------------------------------------------------------ generation

    public static Scenario generate(long seed) {
        Random random = new Random(seed);
        ZoneId focusZone = ZONES.get(random.nextInt(3)); // Kolkata has no change of its own to focus on
        List<Instant> changes = transitions(focusZone);
        Instant focus = changes.get(random.nextInt(changes.size()));

        List<Series> series = new ArrayList<>();
        int count = 1 + (random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0);
        for (int i = 0; i < count; i++) {
            ZoneId zone = i == 0 && random.nextInt(4) != 0 ? focusZone : ZONES.get(random.nextInt(ZONES.size()));
            series.add(series(random, zone, focus));
        }
        LocalDate lastDay = LocalDate.ofInstant(focus, ZoneId.of("UTC")).plusDays(120);

        List<ReferenceModel.Occurrence> all = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            Series withExceptions = exceptions(random, series.get(i), lastDay, focus);
            series.set(i, withExceptions);
            all.addAll(ReferenceModel.occurrences(withExceptions, lastDay, false));
        }
        List<Interval> oneOffs = oneOffs(random, all, focus);

        Set<Instant> boundaries = new LinkedHashSet<>();
        for (ReferenceModel.Occurrence occurrence : all) {
            if (!occurrence.start().isBefore(focus.minus(Duration.ofDays(60)))
                    && occurrence.start().isBefore(focus.plus(Duration.ofDays(60)))) {
                boundaries.add(occurrence.start());
                boundaries.add(occurrence.end());
            }
        }
        for (Series s : series) {
            if (s.endsFrom() != null) {
                boundaries.add(s.endsFrom());
            }
            s.earlyEnds().forEach(e -> boundaries.add(e.endedAt()));
            transitions(s.zone()).stream()
                    .filter(change -> Duration.between(focus, change).abs().compareTo(Duration.ofDays(60)) < 0)
                    .forEach(boundaries::add);
        }
        oneOffs.forEach(w -> {
            boundaries.add(w.start());
            boundaries.add(w.end());
        });
        List<Instant> points = new ArrayList<>(boundaries);
        List<Question> questions = new ArrayList<>();
        for (int q = 0; q < 5; q++) {
            Instant at;
            if (points.isEmpty() || random.nextInt(6) == 0) {
                at = focus.plusSeconds(random.nextLong(-50L * 86_400, 50L * 86_400));
            } else {
                at = points.get(random.nextInt(points.size()));
                at = switch (random.nextInt(7)) {
                    case 0, 1 -> at;
                    case 2 -> at.minusNanos(1);
                    case 3 -> at.plusNanos(1);
                    case 4 -> at.minusSeconds(1);
                    case 5 -> at.plusSeconds(1);
                    default -> at.plusSeconds(random.nextLong(-3 * 3600, 3 * 3600));
                };
            }
            questions.add(new Question(
                    at,
                    SPANS.get(random.nextInt(SPANS.size())),
                    List.of(1, 3, 10).get(random.nextInt(3)),
                    HORIZONS.get(random.nextInt(HORIZONS.size()))));
        }
        return new Scenario(seed, List.copyOf(series), oneOffs, List.copyOf(questions));
    }

    /** A series starting around {@code focus}, sometimes years before; its start is always an occurrence. */
    static Series series(Random random, ZoneId zone, Instant focus) {
        // Half the series start on the weekday of the change (a Sunday) some weeks before it, so that
        // weekly and monthly rules land on the change day too, not only daily ones.
        LocalDate change = LocalDate.ofInstant(focus, zone);
        LocalDate around = random.nextBoolean()
                ? change.minusWeeks(random.nextInt(0, 6))
                : change.plusDays(random.nextInt(-40, 11));
        if (random.nextInt(20) == 0) {
            around = around.minusYears(1 + random.nextInt(5)).minusDays(random.nextInt(30));
        }
        List<LocalTime> times = Stream.of(
                        "00:00", "00:30", "01:00", "01:30", "02:00", "02:30", "02:59", "03:00", "03:30", "12:00",
                        "23:30")
                .map(LocalTime::parse)
                .toList();
        ZoneOffsetTransition nearest = zone.getRules().previousTransition(focus.plusSeconds(1));
        boolean changesThen = nearest != null && nearest.getInstant().equals(focus);
        LocalTime time;
        if (changesThen && random.nextBoolean()) {
            // In the gap or the overlap itself: its first minute, its middle, its last minute.
            LocalDateTime edge = nearest.isGap() ? nearest.getDateTimeBefore() : nearest.getDateTimeAfter();
            time = edge.toLocalTime()
                    .plusMinutes(List.of(0, 0, 30, 59, random.nextInt(60)).get(random.nextInt(5)));
        } else if (random.nextInt(5) == 0) {
            time = LocalTime.of(random.nextInt(24), random.nextInt(4) * 15);
        } else {
            time = times.get(random.nextInt(times.size()));
        }
        LocalDateTime start = around.atTime(time);
        DayOfWeek weekday = around.getDayOfWeek();

        Freq freq = Freq.values()[random.nextInt(3)];
        int interval = random.nextInt(5) < 3 ? 1 : 2 + random.nextInt(3);
        List<Day> byDay = new ArrayList<>();
        switch (freq) {
            case DAILY, WEEKLY -> {
                if (random.nextInt(freq == Freq.DAILY ? 3 : 2) == 0) {
                    byDay.add(new Day(0, weekday));
                    for (int n = random.nextInt(4); n > 0; n--) {
                        byDay.add(new Day(0, DayOfWeek.of(1 + random.nextInt(7))));
                    }
                }
            }
            case MONTHLY -> {
                int choice = random.nextInt(10);
                if (choice < 3) {
                    int fromStart = (around.getDayOfMonth() - 1) / 7 + 1;
                    int fromEnd = -((around.lengthOfMonth() - around.getDayOfMonth()) / 7 + 1);
                    byDay.add(new Day(fromStart <= 4 && random.nextBoolean() ? fromStart : fromEnd, weekday));
                } else if (choice < 6) {
                    byDay.add(new Day(0, weekday));
                    if (random.nextBoolean()) {
                        byDay.add(new Day(
                                random.nextBoolean() ? 0 : 1 + random.nextInt(4), DayOfWeek.of(1 + random.nextInt(7))));
                    }
                }
            }
        }
        byDay = byDay.stream().distinct().toList();
        // One date a period, so at least 7 (WEEKLY) or 28 (MONTHLY) days between starts.
        boolean oneDayAPeriod =
                freq == Freq.WEEKLY && byDay.stream().map(Day::day).distinct().count() <= 1
                        || freq == Freq.MONTHLY
                                && (byDay.isEmpty()
                                        || byDay.size() == 1 && byDay.getFirst().ordinal() != 0);

        Duration duration;
        int kind = random.nextInt(10);
        if (kind < 6) {
            duration = Duration.ofMinutes(15L * (1 + random.nextInt(24)));
        } else if (kind < 9 || !oneDayAPeriod) {
            duration = Duration.ofMinutes(15L * (1 + random.nextInt(95))); // up to 23:45, under a day
        } else {
            duration = Duration.ofHours(24 + random.nextInt(freq == Freq.WEEKLY ? 24 * 6 - 1 : 24 * 9));
        }

        Series series =
                new Series(freq, interval, byDay, null, null, null, zone, start, duration, List.of(), null, List.of());
        int bound = random.nextInt(20);
        if (bound < 7) {
            series = new Series(
                    freq,
                    interval,
                    byDay,
                    1 + random.nextInt(40),
                    null,
                    null,
                    zone,
                    start,
                    duration,
                    List.of(),
                    null,
                    List.of());
        } else if (bound < 12) {
            List<LocalDateTime> starts = ReferenceModel.scheduledStarts(series, around.plusDays(150));
            LocalDateTime last = starts.get(random.nextInt(Math.min(starts.size(), 30)));
            if (random.nextInt(3) == 0) {
                LocalDateTime untilLocal = random.nextBoolean() ? last : last.minusSeconds(1);
                if (!untilLocal.isBefore(start)) {
                    series = new Series(
                            freq,
                            interval,
                            byDay,
                            null,
                            null,
                            untilLocal,
                            zone,
                            start,
                            duration,
                            List.of(),
                            null,
                            List.of());
                }
            } else {
                Instant until = ReferenceModel.instantOf(last, zone)
                        .plusSeconds(List.of(0, 0, -1, 1, 3600).get(random.nextInt(5)));
                if (!until.isBefore(ReferenceModel.instantOf(start, zone))) {
                    series = new Series(
                            freq, interval, byDay, null, until, null, zone, start, duration, List.of(), null,
                            List.of());
                }
            }
        }
        return series;
    }

    static Series exceptions(Random random, Series series, LocalDate lastDay, Instant focus) {
        List<ReferenceModel.Occurrence> occurrences = ReferenceModel.occurrences(series, lastDay, false).stream()
                .filter(o -> o.start().isAfter(focus.minus(Duration.ofDays(70))))
                .toList();
        if (occurrences.isEmpty()) {
            return series;
        }
        Function<Random, ReferenceModel.Occurrence> any = r -> occurrences.get(r.nextInt(occurrences.size()));
        List<LocalDateTime> skipped = new ArrayList<>();
        for (int n = random.nextInt(2) == 0 ? 0 : 1 + random.nextInt(3); n > 0; n--) {
            ReferenceModel.Occurrence occurrence = any.apply(random);
            skipped.add(
                    switch (random.nextInt(6)) {
                        // its wall-clock start, which differs from the scheduled one in a gap
                        case 0 -> LocalDateTime.ofInstant(occurrence.start(), series.zone());
                        // no occurrence at all
                        case 1 -> occurrence.scheduled().plusMinutes(1 + random.nextInt(120));
                        default -> occurrence.scheduled();
                    });
        }
        Instant endsFrom = null;
        if (random.nextInt(4) == 0) {
            ReferenceModel.Occurrence occurrence = any.apply(random);
            endsFrom = occurrence
                    .start()
                    .plusSeconds(List.of(0L, 0L, 1L, -1L, 1800L).get(random.nextInt(5)));
        }
        List<EarlyEnd> earlyEnds = new ArrayList<>();
        for (int n = random.nextInt(3) == 0 ? 1 + random.nextInt(2) : 0; n > 0; n--) {
            ReferenceModel.Occurrence occurrence = any.apply(random);
            Instant start = occurrence.start();
            Instant end = occurrence.end();
            Instant endedAt = switch (random.nextInt(8)) {
                case 0 -> start;
                case 1 -> start.plusSeconds(1);
                case 2 -> end.minusSeconds(1);
                case 3 -> end;
                case 4 -> end.plusSeconds(3600);
                case 5 -> start.minusSeconds(3600);
                default ->
                    start.plusSeconds(random.nextLong(
                            1, Math.max(2, Duration.between(start, end).toSeconds())));
            };
            LocalDateTime name =
                    random.nextInt(5) == 0 ? LocalDateTime.ofInstant(start, series.zone()) : occurrence.scheduled();
            earlyEnds.add(new EarlyEnd(name, endedAt));
        }
        return series.withExceptions(List.copyOf(skipped), endsFrom, List.copyOf(earlyEnds));
    }

    static List<Interval> oneOffs(Random random, List<ReferenceModel.Occurrence> occurrences, Instant focus) {
        List<Interval> oneOffs = new ArrayList<>();
        for (int n = random.nextInt(5) < 2 ? 0 : 1 + random.nextInt(3); n > 0; n--) {
            Duration length = Duration.ofMinutes(1 + random.nextInt(12 * 60));
            Instant start;
            int kind = random.nextInt(10);
            if (kind < 5 && !occurrences.isEmpty()) {
                // Starting where an occurrence ends, or just before or after.
                Instant end =
                        occurrences.get(random.nextInt(occurrences.size())).end();
                start = end.plusSeconds(List.of(0L, 0L, -60L, 1L).get(random.nextInt(4)));
            } else if (kind < 7 && !occurrences.isEmpty()) {
                // Ending where an occurrence starts.
                start = occurrences
                        .get(random.nextInt(occurrences.size()))
                        .start()
                        .minus(length);
            } else {
                start = focus.plusSeconds(random.nextLong(-30L * 86_400, 30L * 86_400));
            }
            oneOffs.add(new Interval(start, start.plus(length)));
        }
        return List.copyOf(oneOffs);
    }

    /** The zone's changes in 2026 and 2027; for Kolkata, which has none, Berlin's and New York's dates. */
    static List<Instant> transitions(ZoneId zone) {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        Instant to = Instant.parse("2028-01-01T00:00:00Z");
        List<Instant> changes = Stream.iterate(
                        zone.getRules().nextTransition(from),
                        t -> t != null && t.getInstant().isBefore(to),
                        t -> zone.getRules().nextTransition(t.getInstant()))
                .map(ZoneOffsetTransition::getInstant)
                .collect(Collectors.toList());
        if (changes.isEmpty()) {
            changes.addAll(transitions(ZoneId.of("Europe/Berlin")));
            changes.addAll(transitions(ZoneId.of("America/New_York")));
        }
        return changes;
    }
}
