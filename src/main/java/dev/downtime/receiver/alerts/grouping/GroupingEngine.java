package dev.downtime.receiver.alerts.grouping;

import dev.downtime.receiver.alerts.grouping.AlertFact.SiteBack;
import dev.downtime.receiver.alerts.grouping.AlertFact.SiteConfirmed;
import dev.downtime.receiver.alerts.grouping.AlertFact.SiteDown;
import dev.downtime.receiver.alerts.grouping.AlertFact.SiteStillDown;
import dev.downtime.receiver.alerts.grouping.GroupState.Site;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The grouping state machine: a pure function from a group's stored state, the facts that came
 * for it and the time now, to its next state and the messages due now. Same inputs, same outputs
 * (message ids included), so a step retried after a crash, or taken by another instance, emits
 * exactly what the first would have.
 *
 * <p>The rules (docs/alert-grouping.md tells them with examples):
 *
 * <ul>
 *   <li>A change is a site that went down, came back, or got confirmed by our own check, and that
 *       ops have not been told of. A group's message is due {@code group-wait} after its earliest
 *       untold change, and never sooner than {@code group-interval} after its previous message; so
 *       a group's first message comes {@code group-wait} after its first alert, and a lone change
 *       in a quiet group also waits {@code group-wait} for company (and for its own recovery).
 *   <li>An open group (ops were told of sites still down) with no change is repeated {@code
 *       repeat-interval} after its last message, to the instant (not rounded up to the next tick).
 *   <li>A site that recovers within {@code group-wait} of becoming worth an alert, before any
 *       message named it, is a flap: nothing is ever said of it (unless {@code send-flaps}). A
 *       site down longer that recovered before a message named it is reported as down and back.
 *       A site told down that recovers and fails again before the next message cancels out.
 *   <li>When every site is back, one message says so and the group closes; its next alert starts
 *       a new episode, still {@code group-interval} after the closing message at the soonest.
 * </ul>
 *
 * <p>Facts are applied in the order of their instants, all before the step's one message (if any),
 * which says how things stand at {@code now}. A fact older than what the group knows of its site,
 * or one applied twice, changes nothing: a site back and reported is remembered for {@code
 * repeat-interval}, so that its outage's {@link SiteDown} replayed late does not reopen it.
 */
public final class GroupingEngine {

    private static final Comparator<Site> MOST_TELLING_FIRST = Comparator.comparing(
                    (Site site) -> site.confirmedAt() == null)
            .thenComparing(Site::downSince)
            .thenComparing(Site::url);

    private static final Comparator<Site> BY_RECOVERY = Comparator.comparing(
                    (Site site) -> Objects.requireNonNull(site.backAt()))
            .thenComparing(Site::url);

    private final GroupingPolicy policy;

    public GroupingEngine(GroupingPolicy policy) {
        this.policy = policy;
    }

    /**
     * One message on one channel, to be written to the outbox in the transaction that stores the
     * group's new state.
     *
     * @param id stable: the same group, episode, message number and channel give the same id, so
     *     the outbox can ignore a repeat ({@code ON CONFLICT (id) DO NOTHING}) and receivers can
     *     drop one
     */
    public record Outgoing(UUID id, String channel, GroupMessage message) {}

    /**
     * A group's step.
     *
     * @param state the state to store; null when the group has nothing left to remember (delete its
     *     rows)
     * @param outgoing the messages due now, one per channel, or none
     * @param othersTold whether the sites not given to the step (those {@link Listed} counted) are
     *     now as its message told them: each down site announced down (and confirmed if it is),
     *     each site back that was pending announced back ({@code changedAt} cleared on both)
     */
    public record Step(@Nullable GroupState state, List<Outgoing> outgoing, boolean othersTold) {

        /** A step that leaves the sites it was not given as they are. */
        public Step(@Nullable GroupState state, List<Outgoing> outgoing) {
            this(state, outgoing, false);
        }
    }

    /**
     * The step of several groups: every group that got facts or whose {@code nextDueAt} has come.
     *
     * @param states every group's state after the step (the groups not stepped as they were)
     * @param outgoing the messages due now, by group key, then channel
     */
    public record Steps(Map<GroupKey, GroupState> states, List<Outgoing> outgoing) {}

    /**
     * What a step needs to know of the sites of a group it was not given: every site the facts do
     * not name, summed up, so that a fact about a few sites of a group of thousands costs the same
     * as in a group of a few (a mass outage brings a fact per site, each of which would otherwise
     * read and walk the whole group).
     *
     * @param any whether the group knows any other site
     * @param allGone whether every other site is {@linkplain GroupState.Site#gone gone}
     * @param earliestChange the earliest {@code changedAt} of the others, if any
     * @param earliestGoneBack the earliest {@code backAt} of the others that are gone, if any
     */
    public record Others(
            boolean any,
            boolean allGone,
            @Nullable Instant earliestChange,
            @Nullable Instant earliestGoneBack) {

        /** None: the state given holds every site of the group. */
        public static final Others NONE = new Others(false, true, null, null);

        /** The summary of these sites. */
        public static Others of(List<GroupState.Site> sites) {
            Instant change = null;
            Instant goneBack = null;
            for (GroupState.Site site : sites) {
                change = earliestOf(change, site.changedAt());
                if (site.gone()) {
                    goneBack = earliestOf(goneBack, site.backAt());
                }
            }
            return new Others(!sites.isEmpty(), sites.stream().allMatch(GroupState.Site::gone), change, goneBack);
        }
    }

    /**
     * What a step that emits a message needs to know of the sites it was not given, beyond {@link
     * Others}: how many of each kind the message counts, and the first of each kind it lists (at
     * most {@link GroupingPolicy#listedSites()} each), so that a message about a group of a
     * hundred thousand sites reads a few thousand of them, not all.
     *
     * @param down how many are down
     * @param confirmed how many of those our own checks confirmed
     * @param newlyDown how many of those are not announced down
     * @param back how many are back and pending (their recovery not yet told)
     * @param firstDown the first sites down, the most telling first
     * @param firstNewlyDown the first of those not announced down, in the same order
     * @param firstBack the first sites back and pending, by recovery
     * @param earliestDownSince the earliest {@code downSince} of the sites down
     * @param earliestBackDownSince the earliest {@code downSince} of the sites back and pending
     * @param earliestBack the earliest {@code backAt} of the sites back and pending
     */
    public record Listed(
            int down,
            int confirmed,
            int newlyDown,
            int back,
            List<Site> firstDown,
            List<Site> firstNewlyDown,
            List<Site> firstBack,
            @Nullable Instant earliestDownSince,
            @Nullable Instant earliestBackDownSince,
            @Nullable Instant earliestBack) {

        /** No other site. */
        public static final Listed NONE = new Listed(0, 0, 0, 0, List.of(), List.of(), List.of(), null, null, null);

        public Listed {
            firstDown = List.copyOf(firstDown);
            firstNewlyDown = List.copyOf(firstNewlyDown);
            firstBack = List.copyOf(firstBack);
        }

        /** These sites counted, and the first {@code limit} of each kind listed. */
        public static Listed of(List<Site> sites, int limit) {
            List<Site> down =
                    sites.stream().filter(Site::down).sorted(MOST_TELLING_FIRST).toList();
            List<Site> newly =
                    down.stream().filter(site -> !site.announcedDown()).toList();
            List<Site> back = sites.stream()
                    .filter(site -> !site.down() && site.pending())
                    .sorted(BY_RECOVERY)
                    .toList();
            return new Listed(
                    down.size(),
                    (int) down.stream()
                            .filter(site -> site.confirmedAt() != null)
                            .count(),
                    newly.size(),
                    back.size(),
                    down.stream().limit(limit).toList(),
                    newly.stream().limit(limit).toList(),
                    back.stream().limit(limit).toList(),
                    minDownSince(down),
                    minDownSince(back),
                    back.stream()
                            .map(Site::backAt)
                            .filter(Objects::nonNull)
                            .min(Comparator.naturalOrder())
                            .orElse(null));
        }
    }

    /**
     * Applies a group's new facts and emits what is due at {@code now}.
     *
     * @param state the group's stored state, null if it has none
     * @param facts facts of this group only, in any order
     */
    public Step step(GroupKey key, @Nullable GroupState state, List<? extends AlertFact> facts, Instant now) {
        return Objects.requireNonNull(step(key, state, Others.NONE, null, facts, now));
    }

    /**
     * {@link #step} given only some of the group's sites (those the facts name, at least) and a
     * summary of the others: the same step, whenever it emits no message and forgets no site (the
     * sites it was given, and the others unchanged, are then the group's state after it). Null
     * when it would emit or forget, which needs more of the others: {@link #stepListed} then.
     *
     * @param state the group's state with every site the facts name that it knows, and maybe some
     *     others; null if the group has no state (then it has no other sites either)
     * @param others the group's sites not in {@code state}, summed up
     */
    public @Nullable Step stepPartly(
            GroupKey key, @Nullable GroupState state, Others others, List<? extends AlertFact> facts, Instant now) {
        return step(key, state, others, null, facts, now);
    }

    /**
     * {@link #step} given only some of the group's sites, a summary of the others and their counts
     * and first sites of each kind: the same step, whatever it emits, as long as none of the others
     * is to be forgotten (delete those {@linkplain #forgetsIfBackBy first}). The others' new marks
     * are not in the state: {@link Step#othersTold} says whether to set them.
     *
     * @throws IllegalArgumentException if one of the others is to be forgotten
     */
    public Step stepListed(
            GroupKey key,
            @Nullable GroupState state,
            Others others,
            Listed listed,
            List<? extends AlertFact> facts,
            Instant now) {
        Step step = step(key, state, others, listed, facts, now);
        if (step == null) {
            throw new IllegalArgumentException("sites of " + key + " to be forgotten were not forgotten first");
        }
        return step;
    }

    /**
     * A site that is gone (back, and told or a flap) is forgotten once it has been back this long:
     * one back at or before the instant returned is forgotten by a step at {@code now}.
     */
    public Instant forgetsIfBackBy(Instant now) {
        return micros(now).minus(policy.forgetAfter());
    }

    private @Nullable Step step(
            GroupKey key,
            @Nullable GroupState state,
            Others others,
            @Nullable Listed listed,
            List<? extends AlertFact> facts,
            Instant now) {
        boolean partly = others.any();
        Instant at = micros(now);
        if (state != null && !state.key().equals(key)) {
            throw new IllegalArgumentException("state of " + state.key() + " stepped as " + key);
        }
        Work work = new Work(key, state, others, listed == null ? Listed.NONE : listed);
        for (AlertFact fact : facts) {
            if (!fact.group().equals(key)) {
                throw new IllegalArgumentException("a fact of " + fact.group() + " given to " + key);
            }
        }
        List<? extends AlertFact> ordered = facts.stream()
                .sorted(Comparator.comparing(fact -> micros(fact.at())))
                .toList();
        for (AlertFact fact : ordered) {
            apply(work, fact);
        }
        Duration forgetAfter = policy.forgetAfter();
        work.sites
                .values()
                .removeIf(site -> site.gone()
                        && !Objects.requireNonNull(site.backAt())
                                .plus(forgetAfter)
                                .isAfter(at));
        if (partly
                && others.earliestGoneBack() != null
                && !others.earliestGoneBack().plus(forgetAfter).isAfter(at)) {
            return null; // one of the others is to be forgotten now
        }
        List<Outgoing> outgoing = List.of();
        Instant due = work.messageDue();
        if (due != null && !due.isAfter(at)) {
            if (partly && listed == null) {
                return null; // a message counts every site, and marks them told
            }
            outgoing = flush(work, at);
        }
        if (work.sites.isEmpty()
                && !partly
                && !work.open
                && (work.lastSentAt == null
                        || !work.lastSentAt.plus(policy.groupInterval()).isAfter(at))) {
            return new Step(null, outgoing);
        }
        return new Step(work.state(), outgoing, work.othersTold);
    }

    /** {@link #step} for every group that has facts or is due, in the order of their keys. */
    public Steps stepAll(Map<GroupKey, GroupState> states, List<? extends AlertFact> facts, Instant now) {
        Instant at = micros(now);
        Map<GroupKey, List<AlertFact>> byGroup = new LinkedHashMap<>();
        for (AlertFact fact : facts) {
            byGroup.computeIfAbsent(fact.group(), key -> new ArrayList<>()).add(fact);
        }
        TreeMap<String, GroupKey> toStep = new TreeMap<>();
        byGroup.keySet().forEach(key -> toStep.put(key.value(), key));
        states.forEach((key, state) -> {
            Instant due = state.nextDueAt();
            if (due != null && !due.isAfter(at)) {
                toStep.put(key.value(), key);
            }
        });
        Map<GroupKey, GroupState> after = new HashMap<>(states);
        List<Outgoing> outgoing = new ArrayList<>();
        for (GroupKey key : toStep.values()) {
            Step step = step(key, states.get(key), byGroup.getOrDefault(key, List.of()), at);
            if (step.state() == null) {
                after.remove(key);
            } else {
                after.put(key, step.state());
            }
            outgoing.addAll(step.outgoing());
        }
        return new Steps(Map.copyOf(after), List.copyOf(outgoing));
    }

    private void apply(Work work, AlertFact fact) {
        Instant at = micros(fact.at());
        Site site = work.sites.get(fact.url());
        switch (fact) {
            case SiteDown down -> down(work, site, down.url(), down.host(), at, at);
            case SiteStillDown down -> {
                Instant since = micros(down.downSince());
                down(work, site, down.url(), down.host(), since.isAfter(at) ? at : since, at);
            }
            case SiteConfirmed confirmed -> {
                if (site != null && site.down() && site.confirmedAt() == null && !at.isBefore(site.downSince())) {
                    work.put(synced(
                            new Site(
                                    site.url(),
                                    site.host(),
                                    site.downSince(),
                                    site.alertingSince(),
                                    at,
                                    null,
                                    site.announcedDown(),
                                    site.announcedConfirmed(),
                                    site.changedAt()),
                            at));
                }
            }
            case SiteBack back -> {
                if (site == null || !site.down() || at.isBefore(site.downSince())) {
                    return; // unknown, already back, or about an earlier outage
                }
                boolean flap = !site.announcedDown()
                        && !policy.sendFlaps()
                        && Duration.between(site.alertingSince(), at).compareTo(policy.groupWait()) < 0;
                work.put(new Site(
                        site.url(),
                        site.host(),
                        site.downSince(),
                        site.alertingSince(),
                        site.confirmedAt(),
                        at,
                        site.announcedDown(),
                        site.announcedConfirmed(),
                        flap ? null : earliest(site.changedAt(), at)));
            }
        }
    }

    private void down(
            Work work, @Nullable Site site, String url, @Nullable String host, Instant downSince, Instant at) {
        if (site == null || (site.gone() && !at.isBefore(Objects.requireNonNull(site.backAt())))) {
            if (!work.open
                    && work.others.allGone()
                    && work.sites.values().stream().allMatch(Site::gone)) {
                work.firstAlertAt = at; // a new episode
            }
            work.put(new Site(url, host, downSince, at, null, null, false, false, at));
            return;
        }
        if (site.down() || at.isBefore(Objects.requireNonNull(site.backAt()))) {
            return; // already down, or a late fact about the outage that ended since
        }
        // Down again before its recovery was told: the recovery and the new failure cancel out,
        // unless what ops were told differs otherwise (a confirmation the new outage lacks).
        work.put(synced(
                new Site(
                        url,
                        site.host() == null ? host : site.host(),
                        site.downSince(),
                        site.alertingSince(),
                        null,
                        null,
                        site.announcedDown(),
                        site.announcedConfirmed(),
                        site.changedAt()),
                at));
    }

    /** The site with {@code changedAt} cleared if it stands as ops were last told, else set if it was not. */
    private static Site synced(Site site, Instant at) {
        boolean asTold =
                site.down() && site.announcedDown() && (site.confirmedAt() != null) == site.announcedConfirmed();
        Instant changedAt = asTold ? null : earliest(site.changedAt(), at);
        return new Site(
                site.url(),
                site.host(),
                site.downSince(),
                site.alertingSince(),
                site.confirmedAt(),
                site.backAt(),
                site.announcedDown(),
                site.announcedConfirmed(),
                changedAt);
    }

    private List<Outgoing> flush(Work work, Instant now) {
        Listed rest = work.listed;
        List<Site> down = new ArrayList<>();
        List<Site> back = new ArrayList<>();
        boolean changed = work.others.earliestChange() != null;
        for (Site site : work.sites.values()) {
            changed |= site.pending();
            if (site.down()) {
                down.add(site);
            } else if (site.pending()) {
                back.add(site);
            }
        }
        int downCount = down.size() + rest.down();
        int backCount = back.size() + rest.back();
        if (downCount == 0 && backCount == 0) {
            return List.of();
        }
        List<Site> newly = down.stream().filter(site -> !site.announcedDown()).toList();
        GroupMessage.Kind kind;
        if (downCount == 0) {
            kind = GroupMessage.Kind.RESOLVED;
        } else if (!work.open) {
            kind = GroupMessage.Kind.OPENED;
        } else {
            kind = changed ? GroupMessage.Kind.UPDATED : GroupMessage.Kind.REPEATED;
        }
        Instant since = kind == GroupMessage.Kind.RESOLVED
                ? earliestOf(minDownSince(back), rest.earliestBackDownSince())
                : earliestOf(minDownSince(down), rest.earliestDownSince());
        work.sequence++;
        GroupMessage message = new GroupMessage(
                work.key,
                kind,
                work.sequence,
                now,
                work.firstAlertAt(),
                first(down, rest.firstDown(), MOST_TELLING_FIRST),
                first(newly, rest.firstNewlyDown(), MOST_TELLING_FIRST),
                first(back, rest.firstBack(), BY_RECOVERY),
                downCount,
                (int) down.stream().filter(site -> site.confirmedAt() != null).count() + rest.confirmed(),
                newly.size() + rest.newlyDown(),
                backCount,
                incidentsPath(work.key, kind, since));
        for (Site site : down) {
            work.put(new Site(
                    site.url(),
                    site.host(),
                    site.downSince(),
                    site.alertingSince(),
                    site.confirmedAt(),
                    null,
                    true,
                    site.confirmedAt() != null,
                    null));
        }
        for (Site site : back) {
            work.put(new Site(
                    site.url(),
                    site.host(),
                    site.downSince(),
                    site.alertingSince(),
                    site.confirmedAt(),
                    site.backAt(),
                    false,
                    false,
                    null));
        }
        if (work.others.any()) {
            // The others as the message leaves them: none pending, those back now gone.
            work.othersTold = true;
            work.others = new Others(
                    true, rest.down() == 0, null, earliestOf(work.others.earliestGoneBack(), rest.earliestBack()));
        }
        work.open = downCount > 0;
        work.lastSentAt = now;
        List<Outgoing> outgoing = new ArrayList<>(policy.channels().size());
        for (String channel : policy.channels()) {
            outgoing.add(new Outgoing(id(work.key, work.firstAlertAt(), work.sequence, channel), channel, message));
        }
        return List.copyOf(outgoing);
    }

    /** The first sites of both lists together in this order, at most {@code listedSites}. */
    private List<GroupMessage.Site> first(List<Site> given, List<Site> others, Comparator<Site> order) {
        return Stream.concat(given.stream(), others.stream())
                .sorted(order)
                .limit(policy.listedSites())
                .map(GroupingEngine::shown)
                .toList();
    }

    private static @Nullable Instant minDownSince(List<Site> sites) {
        return sites.stream()
                .map(Site::downSince)
                .min(Comparator.naturalOrder())
                .orElse(null);
    }

    private static GroupMessage.Site shown(Site site) {
        return new GroupMessage.Site(site.url(), site.host(), site.downSince(), site.confirmedAt(), site.backAt());
    }

    /**
     * The admin API's incidents list, narrowed to the group as far as its filters go: by host slug
     * when grouped by host, and to incidents opened since {@code since}: the earliest outage the
     * message counts, listed or not.
     */
    static String incidentsPath(GroupKey key, GroupMessage.Kind kind, @Nullable Instant since) {
        StringBuilder path = new StringBuilder("/api/v1/incidents?state=")
                .append(kind == GroupMessage.Kind.RESOLVED ? "closed" : "open");
        if (!key.hostSlug().isEmpty()) {
            path.append("&host=").append(URLEncoder.encode(key.hostSlug(), StandardCharsets.UTF_8));
        }
        if (since != null) {
            path.append("&since=").append(URLEncoder.encode(since.toString(), StandardCharsets.UTF_8));
        }
        return path.toString();
    }

    /** Name-based, from what identifies the message on a channel; the key's length keeps the parts apart. */
    static UUID id(GroupKey key, Instant firstAlertAt, int sequence, String channel) {
        String name = "downtime-receiver/alert-group/" + key.value().length() + ":" + key.value() + "/" + firstAlertAt
                + "/" + sequence + "/" + channel;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /** What PostgreSQL's timestamptz keeps, so a state read back equals the one written. */
    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static Instant earliest(@Nullable Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static @Nullable Instant earliestOf(@Nullable Instant a, @Nullable Instant b) {
        return a == null ? b : b == null ? a : earliest(a, b);
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** The group while it is being stepped. */
    private final class Work {
        final GroupKey key;
        final TreeMap<String, Site> sites = new TreeMap<>();
        final Listed listed;
        Others others;
        boolean othersTold;

        @Nullable
        Instant firstAlertAt;

        @Nullable
        Instant lastSentAt;

        boolean open;
        int sequence;

        Work(GroupKey key, @Nullable GroupState state, Others others, Listed listed) {
            this.key = key;
            this.others = others;
            this.listed = listed;
            if (state != null) {
                state.sites().forEach(this::put);
                firstAlertAt = state.firstAlertAt();
                lastSentAt = state.lastSentAt();
                open = state.open();
                sequence = state.sequence();
            }
        }

        void put(Site site) {
            sites.put(site.url(), site);
        }

        Instant firstAlertAt() {
            return Objects.requireNonNull(firstAlertAt, "a group with sites has a first alert");
        }

        /** When the next message is due: for the earliest untold change, or a repeat; null if none. */
        @Nullable
        Instant messageDue() {
            Instant change = others.earliestChange();
            for (Site site : sites.values()) {
                change = earliestOf(change, site.changedAt());
            }
            Instant changeDue = null;
            if (change != null) {
                changeDue = change.plus(policy.groupWait());
                if (lastSentAt != null) {
                    changeDue = latest(changeDue, lastSentAt.plus(policy.groupInterval()));
                }
            }
            Instant repeatDue = open && lastSentAt != null ? lastSentAt.plus(policy.repeatInterval()) : null;
            return earliestOf(changeDue, repeatDue);
        }

        GroupState state() {
            Instant next = messageDue();
            for (Site site : sites.values()) {
                if (site.gone()) {
                    next = earliestOf(
                            next, Objects.requireNonNull(site.backAt()).plus(policy.forgetAfter()));
                }
            }
            if (others.earliestGoneBack() != null) {
                next = earliestOf(next, others.earliestGoneBack().plus(policy.forgetAfter()));
            }
            if (sites.isEmpty() && !others.any() && !open && lastSentAt != null) {
                next = earliestOf(next, lastSentAt.plus(policy.groupInterval())); // when it may be deleted
            }
            return new GroupState(
                    key,
                    firstAlertAt(),
                    lastSentAt,
                    next == null ? null : micros(next),
                    open,
                    sequence,
                    List.copyOf(sites.values()));
        }
    }
}
