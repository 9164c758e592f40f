package dev.downtime.receiver.alerts.grouping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.alerts.grouping.AlertFact.SiteBack;
import dev.downtime.receiver.alerts.grouping.AlertFact.SiteConfirmed;
import dev.downtime.receiver.alerts.grouping.AlertFact.SiteDown;
import dev.downtime.receiver.alerts.grouping.GroupingEngine.Outgoing;
import dev.downtime.receiver.alerts.grouping.GroupingEngine.Steps;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A mass outage as the wiring will see it: 3,000 distinct sites failing within 10 s, a third of
 * them confirmed by our checks two minutes later, all back after twenty minutes; the engine
 * stepped every second (the dispatcher's pace) with the facts that came meanwhile.
 */
class MassOutageGroupingTest {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00.123456789Z");
    static final int SITES = 3000;
    static final Duration BURST = Duration.ofSeconds(10);
    static final Duration END = Duration.ofMinutes(30);

    static final GroupingPolicy POLICY = GroupingEngineTest.POLICY;

    @ParameterizedTest(name = "grouped by {0}")
    @ValueSource(strings = {"host", "domain", "none"})
    void aMassOutageIsOneMessagePerGroupAccountingForEverySiteAndEndsInOneRecoveryPerGroup(String groupBy)
            throws SQLException {
        List<Timed> sent = run(GroupBy.parse(groupBy), null);
        Set<GroupKey> groups =
                facts(GroupBy.parse(groupBy)).stream().map(AlertFact::group).collect(Collectors.toSet());
        assertThat(groups).hasSize(groupBy.equals("host") ? 7 : groupBy.equals("domain") ? 50 : 1);

        Instant firstWindowEnd = T0.plus(POLICY.groupWait()).plus(BURST).plusSeconds(1);
        List<GroupMessage> first = messagesBetween(sent, T0, firstWindowEnd);
        assertThat(first).as("one message per group in the first group-wait").hasSize(groups.size());
        assertThat(first).extracting(GroupMessage::group).containsExactlyInAnyOrderElementsOf(groups);
        assertThat(first).extracting(GroupMessage::kind).containsOnly(GroupMessage.Kind.OPENED);
        assertThat(first.stream().mapToInt(GroupMessage::down).sum()).isEqualTo(SITES);
        // Listed as far as a message lists: all of a group of up to listed-sites, the first of a larger one.
        assertThat(urls(first, GroupMessage::sitesDown)).hasSize(listed(first, GroupMessage::down));

        List<GroupMessage> updates = messagesBetween(sent, firstWindowEnd, T0.plus(Duration.ofMinutes(20)));
        assertThat(updates).as("the confirmations: one update per group").hasSize(groups.size());
        assertThat(updates).extracting(GroupMessage::kind).containsOnly(GroupMessage.Kind.UPDATED);
        assertThat(updates.stream().mapToInt(GroupMessage::confirmed).sum()).isEqualTo(SITES / 3);
        assertThat(updates.stream().mapToInt(GroupMessage::down).sum()).isEqualTo(SITES);

        List<GroupMessage> recoveries = messagesBetween(sent, T0.plus(Duration.ofMinutes(20)), T0.plus(END));
        assertThat(recoveries).as("one grouped recovery per group").hasSize(groups.size());
        assertThat(recoveries).extracting(GroupMessage::kind).containsOnly(GroupMessage.Kind.RESOLVED);
        assertThat(recoveries.stream().mapToInt(GroupMessage::backCount).sum()).isEqualTo(SITES);
        assertThat(urls(recoveries, GroupMessage::back)).hasSize(listed(recoveries, GroupMessage::backCount));
        assertThat(recoveries)
                .allSatisfy(message -> assertThat(message.sitesDown()).isEmpty());

        Map<GroupKey, List<Instant>> times = new HashMap<>();
        sent.forEach(timed -> times.computeIfAbsent(timed.out().message().group(), key -> new ArrayList<>())
                .add(timed.out().message().at()));
        times.values().forEach(list -> {
            for (int i = 1; i < list.size(); i++) {
                assertThat(Duration.between(list.get(i - 1), list.get(i)))
                        .as("time between two messages of a group")
                        .isGreaterThanOrEqualTo(POLICY.groupInterval());
            }
        });
    }

    @ParameterizedTest(name = "grouped by {0}")
    @ValueSource(strings = {"host", "none"})
    void restartsMidGroupLoseAndDuplicateNothing(String groupBy) throws SQLException {
        GroupBy grouping = GroupBy.parse(groupBy);
        List<Timed> uninterrupted = run(grouping, null);
        // Restarts in the burst, right after the first messages, mid-recovery, and every 37 s.
        Set<Instant> restarts = new HashSet<>();
        for (Duration at : List.of(
                Duration.ofSeconds(5),
                Duration.ofSeconds(31),
                Duration.ofSeconds(35),
                Duration.ofMinutes(20).plusSeconds(5),
                Duration.ofMinutes(20).plusSeconds(31))) {
            restarts.add(tick(at));
        }
        for (long s = 0; s <= END.toSeconds(); s += 97) {
            restarts.add(tick(Duration.ofSeconds(s)));
        }
        List<Timed> restarted;
        try (GroupStateTable table = new GroupStateTable()) {
            restarted = run(
                    grouping,
                    states -> {
                        try {
                            table.save(states);
                            return table.load();
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    restarts);
        }

        assertThat(restarted).isNotEmpty().isEqualTo(uninterrupted);
        assertThat(restarted).extracting(timed -> timed.out().id()).doesNotHaveDuplicates();
    }

    @Test
    void theStoredFormReadsBackEqual() throws SQLException {
        GroupKey key = new GroupKey("label:server", "web-12 'ü' =x");
        GroupState state = new GroupState(
                key,
                GroupingEngine.micros(T0),
                GroupingEngine.micros(T0.plusSeconds(30)),
                null,
                true,
                3,
                List.of(
                        new GroupState.Site(
                                "https://b.example/ü?q=1",
                                null,
                                GroupingEngine.micros(T0),
                                GroupingEngine.micros(T0.plusSeconds(1)),
                                GroupingEngine.micros(T0.plusSeconds(2)),
                                null,
                                true,
                                true,
                                null),
                        new GroupState.Site(
                                "https://a.example",
                                "h1",
                                GroupingEngine.micros(T0),
                                GroupingEngine.micros(T0),
                                null,
                                GroupingEngine.micros(T0.plusSeconds(50)),
                                true,
                                false,
                                GroupingEngine.micros(T0.plusSeconds(50)))));
        try (GroupStateTable table = new GroupStateTable()) {
            table.save(Map.of(key, state));
            assertThat(table.load()).isEqualTo(Map.of(key, state));
        }
    }

    record Timed(Instant tick, Outgoing out) {}

    interface Restart {
        Map<GroupKey, GroupState> restart(Map<GroupKey, GroupState> states);
    }

    static List<Timed> run(GroupBy grouping, Restart restart) {
        return run(grouping, restart, Set.of());
    }

    /** Steps every second from T0 to T0 + 30 min; at each restart instant, the states go through {@code restart}. */
    static List<Timed> run(GroupBy grouping, Restart restart, Set<Instant> restarts) {
        GroupingEngine engine = new GroupingEngine(POLICY);
        List<AlertFact> pending = new ArrayList<>(facts(grouping));
        pending.sort(Comparator.comparing(AlertFact::at));
        int next = 0;
        Map<GroupKey, GroupState> states = new HashMap<>();
        List<Timed> sent = new ArrayList<>();
        for (long s = 0; s <= END.toSeconds(); s++) {
            Instant tick = tick(Duration.ofSeconds(s));
            List<AlertFact> due = new ArrayList<>();
            while (next < pending.size() && !pending.get(next).at().isAfter(tick)) {
                due.add(pending.get(next++));
            }
            Steps steps = engine.stepAll(states, due, tick);
            states = steps.states();
            for (Outgoing out : steps.outgoing()) {
                sent.add(new Timed(tick, out));
            }
            if (restart != null && restarts.contains(tick)) {
                states = restart.restart(states);
            }
        }
        return sent;
    }

    static Instant tick(Duration offset) {
        return GroupingEngine.micros(T0.plus(offset));
    }

    static List<AlertFact> facts(GroupBy grouping) {
        List<AlertFact> facts = new ArrayList<>();
        Function<String, Map<String, String>> noLabels = url -> Map.of();
        for (int i = 0; i < SITES; i++) {
            String url = "https://site-" + i + ".d" + (i % 50) + ".co.uk";
            String host = "h" + (i % 7);
            GroupKey key = grouping.keyOf(url, host, noLabels);
            Duration within = BURST.multipliedBy(i).dividedBy(SITES);
            facts.add(new SiteDown(key, url, host, T0.plus(within)));
            if (i % 3 == 0) {
                facts.add(new SiteConfirmed(
                        key, url, T0.plus(Duration.ofMinutes(2)).plusMillis(i)));
            }
            facts.add(new SiteBack(key, url, T0.plus(Duration.ofMinutes(20)).plus(within)));
        }
        return facts;
    }

    static List<GroupMessage> messagesBetween(List<Timed> sent, Instant from, Instant to) {
        return sent.stream()
                .filter(timed -> !timed.tick().isBefore(from) && timed.tick().isBefore(to))
                .map(timed -> timed.out().message())
                .toList();
    }

    /** How many sites these messages list, given their counts: at most listed-sites each. */
    static int listed(List<GroupMessage> messages, ToIntFunction<GroupMessage> count) {
        return messages.stream()
                .mapToInt(message -> Math.min(count.applyAsInt(message), POLICY.listedSites()))
                .sum();
    }

    static Set<String> urls(List<GroupMessage> messages, Function<GroupMessage, List<GroupMessage.Site>> which) {
        return messages.stream()
                .flatMap(message -> which.apply(message).stream())
                .map(GroupMessage.Site::url)
                .collect(Collectors.toSet());
    }
}
