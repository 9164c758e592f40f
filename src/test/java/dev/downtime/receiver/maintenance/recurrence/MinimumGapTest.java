package dev.downtime.receiver.maintenance.recurrence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gap bound that keeps occurrences of one window apart: exact for the usual rules, and never
 * more than the shortest gap lib-recur actually produces, which keeps starts at least an hour apart.
 */
class MinimumGapTest {

    @ParameterizedTest(name = "{0} from {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            FREQ=HOURLY                                      | 2026-12-08T02:00:00 | PT1H
            FREQ=HOURLY;INTERVAL=5;BYDAY=TU                  | 2026-12-08T02:00:00 | PT5H
            FREQ=DAILY                                       | 2026-12-08T02:00:00 | PT24H
            FREQ=DAILY;INTERVAL=2                            | 2026-12-08T02:00:00 | PT48H
            FREQ=DAILY;BYHOUR=2,14                           | 2026-12-08T02:00:00 | PT12H
            FREQ=DAILY;BYHOUR=1,5,9                          | 2026-12-08T05:00:00 | PT4H
            FREQ=DAILY;BYHOUR=0,23                           | 2026-12-08T00:00:00 | PT1H
            FREQ=WEEKLY                                      | 2026-12-08T02:00:00 | PT168H
            FREQ=WEEKLY;BYDAY=TU,TH                          | 2026-12-08T02:00:00 | PT48H
            FREQ=WEEKLY;BYDAY=MO,SU                          | 2026-12-07T02:00:00 | PT24H
            FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SU               | 2026-12-07T02:00:00 | PT144H
            FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SU;WKST=SU       | 2026-12-07T02:00:00 | PT24H
            FREQ=MONTHLY                                     | 2027-01-31T02:00:00 | PT672H
            FREQ=MONTHLY;BYDAY=1TU                           | 2026-12-01T02:00:00 | PT672H
            FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1            | 2026-12-31T02:00:00 | PT2016H
            FREQ=MONTHLY;BYMONTHDAY=1,15                     | 2026-12-01T02:00:00 | PT336H
            FREQ=MONTHLY;BYMONTHDAY=1,31                     | 2026-12-01T02:00:00 | PT24H
            FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1    | 2026-12-31T02:00:00 | PT24H
            FREQ=MONTHLY;BYDAY=SA,SU;BYHOUR=2,20             | 2026-12-05T02:00:00 | PT6H
            FREQ=YEARLY                                      | 2026-12-08T02:00:00 | PT8736H
            FREQ=YEARLY;BYMONTH=11;BYDAY=4TH                 | 2026-11-26T02:00:00 | PT8736H
            """)
    void boundsTheTimeBetweenStarts(String rrule, LocalDateTime start, Duration gap) {
        assertThat(MinimumGap.of(RuleParts.parse(rrule), start)).isEqualTo(gap);
    }

    /**
     * Random rules of every shape we accept, each walked by lib-recur for a thousand starts: no two
     * consecutive starts are closer than the bound, nor than an hour.
     */
    @Test
    void neverExceedsTheGapsLibRecurProduces() throws Exception {
        Random random = new Random(1970L);
        int checked = 0;
        List<String> tight = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            String rrule = randomRule(random);
            LocalDateTime start = firstInstance(
                    rrule,
                    LocalDateTime.of(2026, 1 + random.nextInt(12), 1, 0, 0)
                            .plusDays(random.nextInt(28))
                            .plusHours(random.nextInt(24))
                            .plusMinutes(random.nextInt(2) * 30));
            if (start == null) {
                continue; // no instance lib-recur can reach: validation refuses such rules
            }
            RuleParts rule;
            try {
                rule = RuleParts.parse(rrule);
            } catch (IllegalArgumentException e) {
                continue; // a combination RFC 5545 forbids
            }
            Duration bound = MinimumGap.of(rule, start);
            Duration smallest = smallestGap(rrule, start, 1000);
            if (smallest == null) {
                continue;
            }
            checked++;
            assertThat(bound).as("bound of %s from %s", rrule, start).isLessThanOrEqualTo(smallest);
            assertThat(smallest).as("gap of %s", rrule).isGreaterThanOrEqualTo(Duration.ofHours(1));
            if (bound.equals(smallest)) {
                tight.add(rrule);
            }
        }
        assertThat(checked).isGreaterThan(1000);
        // Exact for most rules, not merely safe.
        assertThat(tight.size()).isGreaterThan(checked / 2);
    }

    static String randomRule(Random random) {
        String[] days = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
        StringBuilder rule = new StringBuilder();
        int shape = random.nextInt(5);
        rule.append("FREQ=")
                .append(List.of("HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY")
                        .get(shape));
        if (random.nextInt(3) == 0) {
            rule.append(";INTERVAL=").append(1 + random.nextInt(4));
        }
        if (shape > 0 && random.nextInt(3) == 0) {
            rule.append(";BYHOUR=").append(someOf(random, 24, 3));
        }
        if (random.nextInt(2) == 0) {
            String byDay = IntStream.range(0, 1 + random.nextInt(3))
                    .mapToObj(n -> (shape >= 3 && random.nextBoolean()
                                    ? Integer.toString((random.nextBoolean() ? 1 : -1) * (1 + random.nextInt(4)))
                                    : "")
                            + days[random.nextInt(7)])
                    .distinct()
                    .collect(Collectors.joining(","));
            rule.append(";BYDAY=").append(byDay);
        }
        if ((shape == 1 || shape >= 3) && random.nextInt(3) == 0) {
            rule.append(";BYMONTHDAY=")
                    .append(IntStream.range(0, 1 + random.nextInt(3))
                            .mapToObj(
                                    n -> Integer.toString((random.nextInt(4) == 0 ? -1 : 1) * (1 + random.nextInt(31))))
                            .distinct()
                            .collect(Collectors.joining(",")));
        }
        if (shape >= 1 && random.nextInt(4) == 0) {
            rule.append(";BYMONTH=").append(someOf(random, 12, 3).replaceAll("\\b0\\b", "12"));
        }
        if (shape == 4 && random.nextInt(4) == 0) {
            rule.append(";BYYEARDAY=").append((random.nextBoolean() ? 1 : -1) * (1 + random.nextInt(366)));
        }
        if (shape >= 2 && random.nextInt(4) == 0) {
            rule.append(";BYSETPOS=").append(random.nextBoolean() ? "1" : "-1");
        }
        if (shape == 2 && random.nextInt(3) == 0) {
            rule.append(";WKST=").append(days[random.nextInt(7)]);
        }
        return rule.toString();
    }

    private static String someOf(Random random, int bound, int most) {
        return IntStream.range(0, 1 + random.nextInt(most))
                .map(n -> random.nextInt(bound))
                .distinct()
                .mapToObj(Integer::toString)
                .collect(Collectors.joining(","));
    }

    private static LocalDateTime firstInstance(String rrule, LocalDateTime from) {
        try {
            RecurrenceRuleIterator instances =
                    new RecurrenceRule(rrule, RecurrenceRule.RfcMode.RFC5545_STRICT).iterator(floating(from));
            return instances.hasNext() ? local(instances.nextDateTime()) : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static Duration smallestGap(String rrule, LocalDateTime start, int instances) {
        try {
            RecurrenceRuleIterator iterator =
                    new RecurrenceRule(rrule, RecurrenceRule.RfcMode.RFC5545_STRICT).iterator(floating(start));
            LocalDateTime previous = null;
            Duration smallest = null;
            for (int n = 0; n < instances && iterator.hasNext(); n++) {
                LocalDateTime local = local(iterator.nextDateTime());
                if (previous != null) {
                    Duration gap = Duration.between(previous, local);
                    smallest = smallest == null || gap.compareTo(smallest) < 0 ? gap : smallest;
                }
                previous = local;
            }
            return smallest;
        } catch (Exception e) {
            return null; // lib-recur gave up: such a rule does not pass validation's probe
        }
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
