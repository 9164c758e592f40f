package dev.downtime.receiver.alerts.grouping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.alerts.grouping.GroupingEngine.Others;
import dev.downtime.receiver.alerts.grouping.GroupingEngine.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A step given only the sites its facts name (and a summary of the others) is the whole group's
 * step whenever it says it is, and says so whenever the whole step emits nothing and forgets none
 * of the others: random outages of a few sites, stepped both ways at every fact.
 */
public class PartialStepTest {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00.123456789Z");
    static final GroupKey KEY = new GroupKey("host", "pool-1");
    // A short repeat-interval, so that sites back are forgotten within the simulated hours.
    static final GroupingPolicy POLICY = new GroupingPolicy(
            Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(20), false, List.of("slack"));
    static final List<String> SITES = List.of("a", "b", "c", "d", "e", "f", "g", "h");

    final GroupingEngine engine = new GroupingEngine(POLICY);

    @Test
    void aStepGivenTheNamedSitesIsTheWholeGroupsStepWheneverItEmitsAndForgetsNothing() {
        int partly = 0;
        int whole = 0;
        for (long seed = 0; seed < 400; seed++) {
            Random random = new Random(seed);
            GroupState state = null;
            Instant now = T0;
            Instant end = T0.plus(Duration.ofHours(3));
            while (now.isBefore(end)) {
                Instant next = now.plusSeconds(1 + random.nextInt(120));
                if (state != null
                        && state.nextDueAt() != null
                        && state.nextDueAt().isBefore(next)) {
                    // Stepped when due, with no fact, as the job does: always the whole group.
                    now = state.nextDueAt();
                    state = engine.step(KEY, state, List.of(), now).state();
                    continue;
                }
                now = next;
                List<AlertFact> facts = facts(random, now);
                Step full = engine.step(KEY, state, facts, now);
                if (compare(random, state, facts, now, full)) {
                    partly++;
                } else {
                    whole++;
                }
                state = full.state();
            }
        }
        // Both ways taken often enough for the comparison to mean something.
        assertThat(partly).isGreaterThan(20_000);
        assertThat(whole).isGreaterThan(100);
    }

    /** Steps the group partly as well; true when the partial step stood for the whole one. */
    boolean compare(Random random, @Nullable GroupState state, List<AlertFact> facts, Instant now, Step full) {
        if (state == null) {
            Step alone = engine.stepPartly(KEY, null, Others.NONE, facts, now);
            assertThat(alone).isEqualTo(full);
            return true;
        }
        Split split = Split.of(random, state, facts, 4);
        List<GroupState.Site> others = split.others();
        Step partial = engine.stepPartly(KEY, split.loaded(), Others.of(others), facts, now);
        if (others.isEmpty()) {
            assertThat(partial)
                    .as("given every site, the step is the whole one")
                    .isEqualTo(full);
            return true;
        }
        boolean forgotOthers = full.state() == null || !full.state().sites().containsAll(others);
        if (partial == null) {
            assertThat(!full.outgoing().isEmpty() || forgotOthers)
                    .as("a partial step refused although the whole one emits nothing and forgets none of the others")
                    .isTrue();
            return false;
        }
        assertThat(full.outgoing()).isEmpty();
        assertThat(partial.outgoing()).isEmpty();
        assertThat(full.state()).isNotNull();
        assertThat(merged(partial.state(), others)).isEqualTo(full.state());
        return true;
    }

    /** Three sites listed at most, so that the eight sites' messages often list fewer than they count. */
    static final GroupingPolicy LISTING = new GroupingPolicy(
            Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(20), false, List.of("slack"), 3);

    final GroupingEngine listing = new GroupingEngine(LISTING);

    @Test
    void aStepGivenTheNamedSitesAndTheOthersListedIsTheWholeGroupsStepWhateverItEmits() {
        int messages = 0;
        int cut = 0;
        int told = 0;
        for (long seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            GroupState state = null;
            Instant now = T0;
            Instant end = T0.plus(Duration.ofHours(3));
            while (now.isBefore(end)) {
                Instant next = now.plusSeconds(1 + random.nextInt(120));
                List<AlertFact> facts;
                if (state != null
                        && state.nextDueAt() != null
                        && state.nextDueAt().isBefore(next)) {
                    now = state.nextDueAt(); // stepped when due, with no fact, as the job does
                    facts = List.of();
                } else {
                    now = next;
                    facts = facts(random, now);
                }
                Step full = listing.step(KEY, state, facts, now);
                if (compareListed(random, state, facts, now, full)) {
                    told++;
                }
                for (GroupingEngine.Outgoing out : full.outgoing()) {
                    messages++;
                    GroupMessage message = out.message();
                    if (message.down() > message.sitesDown().size()
                            || message.backCount() > message.back().size()) {
                        cut++;
                    }
                }
                state = full.state();
            }
        }
        assertThat(messages).isGreaterThan(5_000);
        assertThat(cut).as("messages that count more sites than they list").isGreaterThan(500);
        assertThat(told).as("steps that marked the others told").isGreaterThan(1_000);
    }

    /**
     * Steps the group with a random part of its sites given, the others first forgotten as {@code
     * AlertGroups.forgetOthers} does, then summed up and listed; true when the others were told.
     */
    boolean compareListed(Random random, @Nullable GroupState state, List<AlertFact> facts, Instant now, Step full) {
        if (state == null) {
            assertThat(listing.stepListed(KEY, null, Others.NONE, GroupingEngine.Listed.NONE, facts, now))
                    .isEqualTo(full);
            return false;
        }
        Split split = Split.of(random, state, facts, 3);
        Instant backBy = listing.forgetsIfBackBy(now);
        List<GroupState.Site> kept = split.others().stream()
                .filter(site -> !(site.gone() && !site.backAt().isAfter(backBy)))
                .toList();

        Step partial = listing.stepListed(
                KEY,
                split.loaded(),
                Others.of(kept),
                GroupingEngine.Listed.of(kept, LISTING.listedSites()),
                facts,
                now);

        assertThat(partial.outgoing()).isEqualTo(full.outgoing());
        List<GroupState.Site> othersAfter =
                partial.othersTold() ? kept.stream().map(PartialStepTest::told).toList() : kept;
        if (full.state() == null) {
            assertThat(partial.state()).isNull();
            assertThat(othersAfter).isEmpty();
            return partial.othersTold();
        }
        assertThat(merged(partial.state(), othersAfter)).isEqualTo(full.state());
        return partial.othersTold();
    }

    /**
     * A group's sites split as a partial step loads them: those the facts name and, at random, one
     * in {@code oneIn} of the others, given; the rest summed up.
     */
    record Split(GroupState loaded, List<GroupState.Site> others) {

        static Split of(Random random, GroupState state, List<AlertFact> facts, int oneIn) {
            Set<String> named = new HashSet<>();
            facts.forEach(fact -> named.add(fact.url()));
            List<GroupState.Site> given = new ArrayList<>();
            List<GroupState.Site> others = new ArrayList<>();
            for (GroupState.Site site : state.sites()) {
                (named.contains(site.url()) || random.nextInt(oneIn) == 0 ? given : others).add(site);
            }
            return new Split(withSites(state, given), others);
        }
    }

    /** The partial step's state with the sites it was not given added back. */
    static GroupState merged(GroupState partial, List<GroupState.Site> others) {
        List<GroupState.Site> sites = new ArrayList<>(partial.sites());
        sites.addAll(others);
        return withSites(partial, sites);
    }

    static GroupState withSites(GroupState state, List<GroupState.Site> sites) {
        return new GroupState(
                KEY,
                state.firstAlertAt(),
                state.lastSentAt(),
                state.nextDueAt(),
                state.open(),
                state.sequence(),
                sites);
    }

    /** A site not given to the step as {@code AlertGroups} marks it when {@link Step#othersTold}. */
    public static GroupState.Site told(GroupState.Site site) {
        if (!site.down() && !site.pending()) {
            return site;
        }
        return new GroupState.Site(
                site.url(),
                site.host(),
                site.downSince(),
                site.alertingSince(),
                site.confirmedAt(),
                site.backAt(),
                site.down(),
                site.down() && site.confirmedAt() != null,
                null);
    }

    /** One to three facts about random sites, some of them late (about a moment before now). */
    static List<AlertFact> facts(Random random, Instant now) {
        List<AlertFact> facts = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            String url = "https://" + SITES.get(random.nextInt(SITES.size())) + ".test/";
            Instant at = random.nextInt(5) == 0 ? now.minusSeconds(random.nextInt(300)) : now;
            facts.add(
                    switch (random.nextInt(7)) {
                        case 0, 1, 2 -> new AlertFact.SiteDown(KEY, url, "pool-1", at);
                        case 3 -> new AlertFact.SiteStillDown(KEY, url, "pool-1", at.minusSeconds(600), at);
                        case 4 -> new AlertFact.SiteConfirmed(KEY, url, at);
                        default -> new AlertFact.SiteBack(KEY, url, at);
                    });
        }
        return facts;
    }
}
