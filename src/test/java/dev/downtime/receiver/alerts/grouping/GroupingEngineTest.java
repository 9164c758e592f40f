package dev.downtime.receiver.alerts.grouping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.downtime.receiver.alerts.grouping.AlertFact.SiteBack;
import dev.downtime.receiver.alerts.grouping.AlertFact.SiteConfirmed;
import dev.downtime.receiver.alerts.grouping.AlertFact.SiteDown;
import dev.downtime.receiver.alerts.grouping.AlertFact.SiteStillDown;
import dev.downtime.receiver.alerts.grouping.GroupingEngine.Outgoing;
import dev.downtime.receiver.alerts.grouping.GroupingEngine.Step;
import dev.downtime.receiver.alerts.grouping.GroupingEngine.Steps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The grouping rules, as scenarios: facts at offsets from a start, and the messages expected,
 * each written {@code <offset> <group> <KIND> down=<sites> new=<sites> back=<sites>} ({@code *}
 * marks a site our check confirmed). The engine is stepped exactly when a fact comes or a
 * group's {@code nextDueAt} says, so the offsets are the rules' own instants.
 */
class GroupingEngineTest {

    /** Nanoseconds on purpose: the engine keeps microseconds, as PostgreSQL does. */
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00.123456789Z");

    static final GroupingPolicy POLICY = new GroupingPolicy(
            Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4), false, List.of("webhook"));

    static Stream<Arguments> scenarios() {
        return Stream.of(
                scenario(
                        "a lone failure alerts group-wait after it, then is repeated every repeat-interval",
                        POLICY,
                        "9h",
                        List.of("0s down a"),
                        List.of(
                                "30s h1 OPENED down=a new=a back=-",
                                "4h30s h1 REPEATED down=a new=- back=-",
                                "8h30s h1 REPEATED down=a new=- back=-")),
                scenario("a flap sends nothing, ever", POLICY, "9h", List.of("0s down a", "20s back a"), List.of()),
                scenario(
                        "a recovery a microsecond within group-wait is a flap",
                        POLICY,
                        "1h",
                        List.of("0s down a", "29.999999s back a"),
                        List.of()),
                scenario(
                        "a recovery at group-wait is no flap: the site was down and is back",
                        POLICY,
                        "1h",
                        List.of("0s down a", "30s back a"),
                        List.of("30s h1 RESOLVED down=- new=- back=a")),
                scenario(
                        "flaps are reported when configured so",
                        new GroupingPolicy(
                                POLICY.groupWait(),
                                POLICY.groupInterval(),
                                POLICY.repeatInterval(),
                                true,
                                POLICY.channels()),
                        "1h",
                        List.of("0s down a", "20s back a"),
                        List.of("30s h1 RESOLVED down=- new=- back=a")),
                scenario(
                        "sites failing within group-wait make one first message",
                        POLICY,
                        "1h",
                        List.of("0s down a", "10s down b", "29s down c"),
                        List.of("30s h1 OPENED down=a,b,c new=a,b,c back=-")),
                scenario(
                        "later changes wait for group-interval after the previous message",
                        POLICY,
                        "11m",
                        List.of("0s down a", "1m down b", "6m down c"),
                        List.of(
                                "30s h1 OPENED down=a new=a back=-",
                                "5m30s h1 UPDATED down=a,b new=b back=-",
                                "10m30s h1 UPDATED down=a,b,c new=c back=-")),
                scenario(
                        "a change in a quiet group waits group-wait, for company and for its own flap",
                        POLICY,
                        "30m",
                        List.of("0s down a", "20m down b", "25m down c", "25m10s back c"),
                        List.of("30s h1 OPENED down=a new=a back=-", "20m30s h1 UPDATED down=a,b new=b back=-")),
                scenario(
                        "a flap between two messages sends nothing; a longer outage between them is reported",
                        POLICY,
                        "1h",
                        List.of("0s down a", "40s down c", "1m back c", "2m down b", "3m back b"),
                        List.of("30s h1 OPENED down=a new=a back=-", "5m30s h1 UPDATED down=a new=- back=b")),
                scenario(
                        "some sites back: an update; all back: one resolution, and the group closes",
                        POLICY,
                        "9h",
                        List.of("0s down a", "1s down b", "2s down c", "10m back a", "20m back b", "20m9s back c"),
                        List.of(
                                "30s h1 OPENED down=a,b,c new=a,b,c back=-",
                                "10m30s h1 UPDATED down=b,c new=- back=a",
                                "20m30s h1 RESOLVED down=- new=- back=b,c")),
                scenario(
                        "a closed group's next alert opens a new episode, no sooner than group-interval after",
                        POLICY,
                        "1h",
                        List.of("0s down a", "1m back a", "6m down b", "30m down c"),
                        List.of(
                                "30s h1 OPENED down=a new=a back=-",
                                "5m30s h1 RESOLVED down=- new=- back=a",
                                "10m30s h1 OPENED down=b new=b back=-",
                                "30m30s h1 UPDATED down=b,c new=c back=-")),
                scenario(
                        "confirmed sites are counted and listed first; a confirmation is a change",
                        POLICY,
                        "1h",
                        List.of("0s down a", "5s down b", "10s confirmed b", "2m confirmed a"),
                        List.of("30s h1 OPENED down=b*,a new=b*,a back=-", "5m30s h1 UPDATED down=a*,b* new=- back=-")),
                scenario(
                        "a site told down that recovers and fails again before the next message cancels out",
                        POLICY,
                        "4h",
                        List.of("0s down a", "1m back a", "1m20s down a"),
                        List.of("30s h1 OPENED down=a new=a back=-")),
                scenario(
                        "facts repeated or older than what the group knows change nothing",
                        POLICY,
                        "1h",
                        List.of("0s down a", "0s down a", "10s down a", "1m back a", "1m back a", "2m confirmed a"),
                        List.of("30s h1 OPENED down=a new=a back=-", "5m30s h1 RESOLVED down=- new=- back=a")),
                scenario(
                        "groups keep their own time",
                        POLICY,
                        "1h",
                        List.of("0s down a@h1", "10s down b@h2", "20s back a@h1"),
                        List.of("40s h2 OPENED down=b new=b back=-")),
                scenario(
                        "the example of docs/alert-grouping.md",
                        POLICY,
                        "5h",
                        List.of(
                                "0s down a",
                                "4s down b",
                                "9s down c",
                                "12s confirmed a",
                                "1m down d",
                                "1m10s down e",
                                "1m20s back e",
                                "20m back a",
                                "20m3s back b",
                                "20m6s back c",
                                "20m9s back d"),
                        List.of(
                                "30s h1 OPENED down=a*,b,c new=a*,b,c back=-",
                                "5m30s h1 UPDATED down=a*,b,c,d new=d back=-",
                                "20m30s h1 RESOLVED down=- new=- back=a,b,c,d")),
                scenario(
                        "a site whose maintenance overran alerts group-wait after the overrun, its flap counted from it",
                        POLICY,
                        "1h",
                        List.of("0s still a", "5m still b", "5m10s back b"),
                        List.of("30s h1 OPENED down=a new=a back=-")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void followsTheGroupingRules(
            String rule, GroupingPolicy policy, String until, List<String> facts, List<String> expected) {
        assertThat(run(policy, facts.stream().map(GroupingEngineTest::fact).toList(), offset(until)))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void emitsOneMessagePerChannelWithIdsThatDependOnlyOnWhatIdentifiesThem() {
        GroupingPolicy policy = new GroupingPolicy(
                POLICY.groupWait(), POLICY.groupInterval(), POLICY.repeatInterval(), false, List.of("slack", "email"));
        GroupingEngine engine = new GroupingEngine(policy);
        GroupKey key = new GroupKey("host", "h1");
        Step first = engine.step(key, null, List.of(new SiteDown(key, "https://a.example", "h1", T0)), T0);
        assertThat(first.outgoing()).isEmpty();

        Step due = engine.step(key, first.state(), List.of(), T0.plusSeconds(30));
        Step again = engine.step(key, first.state(), List.of(), T0.plusSeconds(30));

        assertThat(due.outgoing()).extracting(Outgoing::channel).containsExactly("slack", "email");
        assertThat(due.outgoing().get(0).message())
                .isSameAs(due.outgoing().get(1).message());
        assertThat(due.outgoing()).extracting(Outgoing::id).doesNotHaveDuplicates();
        assertThat(again)
                .as("the same step taken twice (a retry, another instance)")
                .isEqualTo(due);
        assertThat(due.outgoing().get(0).message().incidentsPath())
                .isEqualTo("/api/v1/incidents?state=open&host=h1&since=2026-11-25T10%3A00%3A00.123456Z");
    }

    @Test
    void aReplayedFailureOfAReportedOutageDoesNotReopenIt() {
        GroupingEngine engine = new GroupingEngine(POLICY);
        GroupKey key = new GroupKey("host", "h1");
        SiteDown down = new SiteDown(key, "https://a.example", "h1", T0);
        Step opened = engine.step(key, null, List.of(down), T0.plusSeconds(30));
        Step resolved = engine.step(
                key,
                opened.state(),
                List.of(new SiteBack(key, "https://a.example", T0.plusSeconds(60))),
                T0.plus(Duration.ofMinutes(6)));
        assertThat(resolved.outgoing())
                .singleElement()
                .satisfies(out -> assertThat(out.message().kind()).isEqualTo(GroupMessage.Kind.RESOLVED));

        Step replayed = engine.step(key, resolved.state(), List.of(down), T0.plus(Duration.ofHours(1)));
        Step later = engine.step(key, replayed.state(), List.of(), T0.plus(Duration.ofHours(2)));

        assertThat(replayed.outgoing()).isEmpty();
        assertThat(later.outgoing()).isEmpty();
        assertThat(replayed.state()).isNotNull();
        assertThat(replayed.state().open()).isFalse();
    }

    @Test
    void forgetsAClosedGroupOnceNothingInItCanMatterAnyMore() {
        GroupingEngine engine = new GroupingEngine(POLICY);
        GroupKey key = new GroupKey("host", "h1");
        Step opened =
                engine.step(key, null, List.of(new SiteDown(key, "https://a.example", "h1", T0)), T0.plusSeconds(30));
        Instant back = T0.plusSeconds(60);
        Step resolved = engine.step(
                key,
                opened.state(),
                List.of(new SiteBack(key, "https://a.example", back)),
                T0.plus(Duration.ofMinutes(6)));

        GroupState kept = resolved.state();
        assertThat(kept).isNotNull();
        assertThat(kept.nextDueAt()).isEqualTo(GroupingEngine.micros(back.plus(POLICY.repeatInterval())));
        assertThat(engine.step(key, kept, List.of(), kept.nextDueAt().minusNanos(1000))
                        .state())
                .isNotNull();
        assertThat(engine.step(key, kept, List.of(), kept.nextDueAt()).state()).isNull();
    }

    @Test
    void aGroupThatOnlyFlappedIsForgottenWithoutAMessage() {
        GroupingEngine engine = new GroupingEngine(POLICY);
        GroupKey key = new GroupKey("none", "");
        Step step = engine.step(
                key,
                null,
                List.of(
                        new SiteConfirmed(key, "https://unknown.example", T0),
                        new SiteBack(key, "https://unknown.example", T0)),
                T0);
        assertThat(step).isEqualTo(new Step(null, List.of()));
    }

    @Test
    void refusesFactsOfAnotherGroup() {
        GroupingEngine engine = new GroupingEngine(POLICY);
        GroupKey h1 = new GroupKey("host", "h1");
        GroupKey h2 = new GroupKey("host", "h2");
        assertThatThrownBy(() -> engine.step(h1, null, List.of(new SiteDown(h2, "https://a.example", "h2", T0)), T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host=h2");
    }

    // ---- the scenario language

    static Arguments scenario(
            String rule, GroupingPolicy policy, String until, List<String> facts, List<String> expected) {
        return Arguments.of(rule, policy, until, facts, expected);
    }

    /** {@code <offset> down|still|confirmed|back <site>[@<host>]}; a still-down site is down since an hour before. */
    static AlertFact fact(String line) {
        String[] parts = line.split(" ");
        Instant at = T0.plus(offset(parts[0]));
        String[] site = parts[2].split("@");
        String host = site.length > 1 ? site[1] : "h1";
        String url = "https://" + site[0] + ".example";
        GroupKey key = new GroupKey("host", host);
        return switch (parts[1]) {
            case "down" -> new SiteDown(key, url, host, at);
            case "still" -> new SiteStillDown(key, url, host, at.minus(Duration.ofHours(1)), at);
            case "confirmed" -> new SiteConfirmed(key, url, at);
            case "back" -> new SiteBack(key, url, at);
            default -> throw new IllegalArgumentException(line);
        };
    }

    static Duration offset(String text) {
        return Duration.parse("PT" + text.toUpperCase(Locale.ROOT));
    }

    /** Steps the engine at each fact's instant and each due instant, up to {@code until}. */
    static List<String> run(GroupingPolicy policy, List<AlertFact> facts, Duration until) {
        GroupingEngine engine = new GroupingEngine(policy);
        List<AlertFact> pending = new ArrayList<>(facts);
        pending.sort(Comparator.comparing(AlertFact::at));
        Map<GroupKey, GroupState> states = new HashMap<>();
        List<String> shown = new ArrayList<>();
        Instant end = T0.plus(until);
        while (true) {
            // Facts as PostgreSQL would hand them back: to the microsecond.
            Instant now = pending.isEmpty()
                    ? null
                    : GroupingEngine.micros(pending.getFirst().at());
            for (GroupState state : states.values()) {
                if (state.nextDueAt() != null
                        && (now == null || state.nextDueAt().isBefore(now))) {
                    now = state.nextDueAt();
                }
            }
            if (now == null || now.isAfter(end)) {
                return shown;
            }
            Instant at = now;
            List<AlertFact> due = pending.stream()
                    .filter(fact -> !GroupingEngine.micros(fact.at()).isAfter(at))
                    .toList();
            pending.removeAll(due);
            Steps steps = engine.stepAll(states, due, at);
            states = new HashMap<>(steps.states());
            for (Outgoing out : steps.outgoing()) {
                shown.add(describe(out.message()));
            }
        }
    }

    static String describe(GroupMessage message) {
        Duration offset = Duration.between(GroupingEngine.micros(T0), message.at());
        return String.format(
                "%s %s %s down=%s new=%s back=%s",
                offset.toString().substring(2).toLowerCase(Locale.ROOT),
                message.group().name(),
                message.kind(),
                names(message.sitesDown()),
                names(message.newlyDown()),
                names(message.back()));
    }

    static String names(List<GroupMessage.Site> sites) {
        if (sites.isEmpty()) {
            return "-";
        }
        return sites.stream()
                .map(site ->
                        site.url().substring("https://".length(), site.url().indexOf(".example"))
                                + (site.backAt() == null && site.confirmed() ? "*" : ""))
                .collect(Collectors.joining(","));
    }
}
