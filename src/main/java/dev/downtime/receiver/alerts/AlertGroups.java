package dev.downtime.receiver.alerts;

import dev.downtime.receiver.alerts.grouping.GroupKey;
import dev.downtime.receiver.alerts.grouping.GroupState;
import dev.downtime.receiver.alerts.grouping.GroupingEngine;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The groups' stored state ({@code alert_group}, {@code alert_group_site}) and their messages in the
 * outbox ({@code alert}). Every method runs in the caller's transaction, which holds the group's
 * {@linkplain #lock lock}: the state read, the step and what it writes are one.
 */
@Repository
class AlertGroups {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AlertGroups(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Locks the group until the transaction ends: an advisory lock, since a group being created has
     * no row to lock yet. Callers lock several groups in the order of their keys, so two
     * transactions never wait on each other in a circle.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void lock(GroupKey key) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('alert_group'), hashtext(:key))")
                .param("key", key.value())
                .query((rs, row) -> 1)
                .list();
    }

    /** The groups of sites whose outage a group knows and holds down: where their later facts go. */
    @Transactional(propagation = Propagation.MANDATORY)
    Map<String, List<GroupKey>> groupsOfDownSites(Collection<String> urls) {
        Map<String, List<GroupKey>> groups = new HashMap<>();
        if (urls.isEmpty()) {
            return groups;
        }
        jdbc.sql("SELECT url, group_key FROM alert_group_site WHERE url = ANY (:urls) AND back_at IS NULL")
                .param("urls", urls.toArray(String[]::new))
                .query((rs, row) -> groups.computeIfAbsent(rs.getString("url"), url -> new ArrayList<>())
                        .add(GroupKey.parse(rs.getString("group_key"))))
                .list();
        return groups;
    }

    /** The keys of groups due to be stepped at {@code now}, the longest due first. */
    @Transactional(readOnly = true)
    List<GroupKey> due(Instant now, int limit) {
        return jdbc.sql("SELECT key FROM alert_group WHERE next_due_at <= :now ORDER BY next_due_at LIMIT :limit")
                .param("now", utc(now))
                .param("limit", limit)
                .query((rs, row) -> GroupKey.parse(rs.getString("key")))
                .list();
    }

    /**
     * The group's state with only these of its sites, and the others summed up (four index probes,
     * whatever the size of the group): what a step that emits nothing needs.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Partly loadPartly(GroupKey key, Collection<String> urls) {
        String[] named = urls.toArray(String[]::new);
        GroupState state = state(
                key,
                jdbc.sql(SITES + " WHERE group_key = :key AND url = ANY (:urls)")
                        .param("key", key.value())
                        .param("urls", named)
                        .query(AlertGroups::site)
                        .list());
        if (state == null) {
            return new Partly(null, GroupingEngine.Others.NONE); // no group: no site either
        }
        // Gone: back, and either told or a flap (GroupState.Site#gone); the indexes are V56's.
        GroupingEngine.Others others = jdbc.sql(OTHERS)
                .param("key", key.value())
                .param("urls", named)
                .query((rs, row) -> new GroupingEngine.Others(
                        rs.getBoolean("any"),
                        rs.getBoolean("all_gone"),
                        instantOrNull(rs, "earliest_change"),
                        instantOrNull(rs, "earliest_gone_back")))
                .single();
        return new Partly(state, others);
    }

    /** The summary of a group's sites other than {@code :urls}, for {@link #loadPartly}. */
    static final String OTHERS = """
            SELECT EXISTS (SELECT 1 FROM alert_group_site
                            WHERE group_key = :key AND url <> ALL (:urls)) AS any,
                   NOT EXISTS (SELECT 1 FROM alert_group_site
                                WHERE group_key = :key AND url <> ALL (:urls)
                                  AND (back_at IS NULL OR changed_at IS NOT NULL)) AS all_gone,
                   (SELECT min(changed_at) FROM alert_group_site
                     WHERE group_key = :key AND url <> ALL (:urls)
                       AND changed_at IS NOT NULL) AS earliest_change,
                   (SELECT min(back_at) FROM alert_group_site
                     WHERE group_key = :key AND url <> ALL (:urls)
                       AND back_at IS NOT NULL AND changed_at IS NULL) AS earliest_gone_back
            """;

    /** A group's state with some of its sites, and a summary of the others. */
    record Partly(@Nullable GroupState state, GroupingEngine.Others others) {}

    /**
     * Forgets the group's sites other than {@code urls} that are gone (back, and told or a flap)
     * since {@code backBy} or before, as the engine would ({@link GroupingEngine#forgetsIfBackBy}).
     *
     * @return how many were forgotten
     */
    @Transactional(propagation = Propagation.MANDATORY)
    int forgetOthers(GroupKey key, Collection<String> urls, Instant backBy) {
        return jdbc.sql("""
                        DELETE FROM alert_group_site
                         WHERE group_key = :key AND url <> ALL (:urls)
                           AND back_at IS NOT NULL AND changed_at IS NULL AND back_at <= :backBy
                        """)
                .param("key", key.value())
                .param("urls", urls.toArray(String[]::new))
                .param("backBy", utc(backBy))
                .update();
    }

    /**
     * The group's sites other than {@code urls}, counted by kind, with the first {@code limit} of
     * each kind: what a message needs of them. The counts read the group's rows once; the lists
     * are in the engine's orders ({@code COLLATE "C"} compares URLs by code point, as Java does
     * for every URL without characters beyond the Basic Multilingual Plane).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    GroupingEngine.Listed listOthers(GroupKey key, Collection<String> urls, int limit) {
        String[] named = urls.toArray(String[]::new);
        Counts counts = jdbc.sql("""
                        SELECT count(*) FILTER (WHERE back_at IS NULL) AS down,
                               count(*) FILTER (WHERE back_at IS NULL AND confirmed_at IS NOT NULL) AS confirmed,
                               count(*) FILTER (WHERE back_at IS NULL AND NOT announced_down) AS newly_down,
                               count(*) FILTER (WHERE back_at IS NOT NULL AND changed_at IS NOT NULL) AS back,
                               min(down_since) FILTER (WHERE back_at IS NULL) AS earliest_down_since,
                               min(down_since) FILTER (WHERE back_at IS NOT NULL AND changed_at IS NOT NULL)
                                   AS earliest_back_down_since,
                               min(back_at) FILTER (WHERE back_at IS NOT NULL AND changed_at IS NOT NULL)
                                   AS earliest_back
                          FROM alert_group_site
                         WHERE group_key = :key AND url <> ALL (:urls)
                        """)
                .param("key", key.value())
                .param("urls", named)
                .query((rs, row) -> new Counts(
                        rs.getInt("down"),
                        rs.getInt("confirmed"),
                        rs.getInt("newly_down"),
                        rs.getInt("back"),
                        instantOrNull(rs, "earliest_down_since"),
                        instantOrNull(rs, "earliest_back_down_since"),
                        instantOrNull(rs, "earliest_back")))
                .single();
        return new GroupingEngine.Listed(
                counts.down(),
                counts.confirmed(),
                counts.newlyDown(),
                counts.back(),
                counts.down() == 0 ? List.of() : first(key, named, "back_at IS NULL", MOST_TELLING_FIRST, limit),
                counts.newlyDown() == 0
                        ? List.of()
                        : first(key, named, "back_at IS NULL AND NOT announced_down", MOST_TELLING_FIRST, limit),
                counts.back() == 0
                        ? List.of()
                        : first(key, named, "back_at IS NOT NULL AND changed_at IS NOT NULL", BY_RECOVERY, limit),
                counts.earliestDownSince(),
                counts.earliestBackDownSince(),
                counts.earliestBack());
    }

    /** {@link GroupingEngine.Listed} without its lists. */
    private record Counts(
            int down,
            int confirmed,
            int newlyDown,
            int back,
            @Nullable Instant earliestDownSince,
            @Nullable Instant earliestBackDownSince,
            @Nullable Instant earliestBack) {}

    /** The engine's orders: the most telling first (confirmed, then longest down), and by recovery. */
    private static final String MOST_TELLING_FIRST = "confirmed_at IS NULL, down_since, url COLLATE \"C\"";

    private static final String BY_RECOVERY = "back_at, url COLLATE \"C\"";

    private List<GroupState.Site> first(GroupKey key, String[] named, String which, String order, int limit) {
        return jdbc.sql(SITES + " WHERE group_key = :key AND url <> ALL (:urls) AND " + which + " ORDER BY " + order
                        + " LIMIT :limit")
                .param("key", key.value())
                .param("urls", named)
                .param("limit", limit)
                .query(AlertGroups::site)
                .list();
    }

    private static final String SITES = """
            SELECT url, host, down_since, alerting_since, confirmed_at, back_at, announced_down, announced_confirmed,
                   changed_at
              FROM alert_group_site""";

    private static GroupState.Site site(ResultSet rs, int row) throws SQLException {
        return new GroupState.Site(
                rs.getString("url"),
                rs.getString("host"),
                instant(rs, "down_since"),
                instant(rs, "alerting_since"),
                instantOrNull(rs, "confirmed_at"),
                instantOrNull(rs, "back_at"),
                rs.getBoolean("announced_down"),
                rs.getBoolean("announced_confirmed"),
                instantOrNull(rs, "changed_at"));
    }

    private @Nullable GroupState state(GroupKey key, List<GroupState.Site> sites) {
        return jdbc.sql("""
                        SELECT first_alert_at, last_sent_at, next_due_at, open, sequence
                          FROM alert_group WHERE key = :key
                        """)
                .param("key", key.value())
                .query((rs, row) -> new GroupState(
                        key,
                        instant(rs, "first_alert_at"),
                        instantOrNull(rs, "last_sent_at"),
                        instantOrNull(rs, "next_due_at"),
                        rs.getBoolean("open"),
                        rs.getInt("sequence"),
                        sites))
                .optional()
                .orElse(null);
    }

    /**
     * Writes the group's new state, only the sites that changed (in one statement those the step
     * was not given, when its message told them), and its messages into the outbox (a message
     * already there, from a step taken before a crash, is not written twice).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void save(GroupKey key, @Nullable GroupState before, GroupingEngine.Step step, Instant now) {
        if (step.othersTold()) {
            markOthersTold(key, before);
        }
        GroupState after = step.state();
        if (after == null) {
            jdbc.sql("DELETE FROM alert_group WHERE key = :key")
                    .param("key", key.value())
                    .update();
        } else {
            jdbc.sql("""
                            INSERT INTO alert_group (key, first_alert_at, last_sent_at, next_due_at, open, sequence)
                            VALUES (:key, :firstAlertAt, :lastSentAt, :nextDueAt, :open, :sequence)
                            ON CONFLICT (key) DO UPDATE
                               SET first_alert_at = excluded.first_alert_at, last_sent_at = excluded.last_sent_at,
                                   next_due_at = excluded.next_due_at, open = excluded.open,
                                   sequence = excluded.sequence
                            """)
                    .param("key", key.value())
                    .param("firstAlertAt", utc(after.firstAlertAt()))
                    .param("lastSentAt", utcOrNull(after.lastSentAt()), Types.TIMESTAMP_WITH_TIMEZONE)
                    .param("nextDueAt", utcOrNull(after.nextDueAt()), Types.TIMESTAMP_WITH_TIMEZONE)
                    .param("open", after.open())
                    .param("sequence", after.sequence())
                    .update();
            saveSites(key, before, after);
        }
        for (GroupingEngine.Outgoing outgoing : step.outgoing()) {
            jdbc.sql("""
                            INSERT INTO alert (id, group_key, sequence, channel, message, created_at, status, next_attempt_at)
                            VALUES (:id, :key, :sequence, :channel, CAST(:message AS jsonb), :now, 'pending', :now)
                            ON CONFLICT (id) DO NOTHING
                            """)
                    .param("id", outgoing.id())
                    .param("key", key.value())
                    .param("sequence", outgoing.message().sequence())
                    .param("channel", outgoing.channel())
                    .param("message", json.writeValueAsString(outgoing.message()))
                    .param("now", utc(now))
                    .update();
        }
    }

    /**
     * The sites not in {@code before} as a message leaves them ({@link GroupingEngine.Step#othersTold}):
     * those down announced down, and confirmed if they are; those back and pending announced back.
     * Sites already as told keep their rows, so a repeat of a large group rewrites none.
     */
    private void markOthersTold(GroupKey key, @Nullable GroupState before) {
        String[] given = before == null
                ? new String[0]
                : before.sites().stream().map(GroupState.Site::url).toArray(String[]::new);
        jdbc.sql("""
                        UPDATE alert_group_site
                           SET announced_down = back_at IS NULL,
                               announced_confirmed = back_at IS NULL AND confirmed_at IS NOT NULL,
                               changed_at = NULL
                         WHERE group_key = :key AND url <> ALL (:urls)
                           AND (changed_at IS NOT NULL
                                OR (back_at IS NULL
                                    AND (NOT announced_down OR announced_confirmed <> (confirmed_at IS NOT NULL))))
                        """).param("key", key.value()).param("urls", given).update();
    }

    private void saveSites(GroupKey key, @Nullable GroupState before, GroupState after) {
        Map<String, GroupState.Site> old = new HashMap<>();
        if (before != null) {
            before.sites().forEach(site -> old.put(site.url(), site));
        }
        List<GroupState.Site> changed = after.sites().stream()
                .filter(site -> !site.equals(old.remove(site.url())))
                .toList();
        if (!old.isEmpty()) {
            jdbc.sql("DELETE FROM alert_group_site WHERE group_key = :key AND url = ANY (:urls)")
                    .param("key", key.value())
                    .param("urls", old.keySet().toArray(String[]::new))
                    .update();
        }
        if (!changed.isEmpty()) {
            // One statement for all of them: a batch of facts can name hundreds of sites.
            jdbc.sql("""
                            INSERT INTO alert_group_site (group_key, url, host, down_since, alerting_since, confirmed_at,
                                                          back_at, announced_down, announced_confirmed, changed_at)
                            SELECT :key, s.url, s.host, s.down_since, s.alerting_since, s.confirmed_at, s.back_at,
                                   s.announced_down, s.announced_confirmed, s.changed_at
                              FROM unnest(CAST(:urls AS text[]), CAST(:hosts AS text[]),
                                          CAST(CAST(:downSince AS text[]) AS timestamptz[]),
                                          CAST(CAST(:alertingSince AS text[]) AS timestamptz[]),
                                          CAST(CAST(:confirmedAt AS text[]) AS timestamptz[]),
                                          CAST(CAST(:backAt AS text[]) AS timestamptz[]),
                                          CAST(:announcedDown AS boolean[]), CAST(:announcedConfirmed AS boolean[]),
                                          CAST(CAST(:changedAt AS text[]) AS timestamptz[]))
                                   AS s(url, host, down_since, alerting_since, confirmed_at, back_at, announced_down,
                                        announced_confirmed, changed_at)
                            ON CONFLICT (group_key, url) DO UPDATE
                               SET host = excluded.host, down_since = excluded.down_since,
                                   alerting_since = excluded.alerting_since, confirmed_at = excluded.confirmed_at,
                                   back_at = excluded.back_at, announced_down = excluded.announced_down,
                                   announced_confirmed = excluded.announced_confirmed, changed_at = excluded.changed_at
                            """)
                    .param("key", key.value())
                    .param("urls", changed.stream().map(GroupState.Site::url).toArray(String[]::new))
                    .param("hosts", changed.stream().map(GroupState.Site::host).toArray(String[]::new))
                    .param("downSince", texts(changed, GroupState.Site::downSince))
                    .param("alertingSince", texts(changed, GroupState.Site::alertingSince))
                    .param("confirmedAt", texts(changed, GroupState.Site::confirmedAt))
                    .param("backAt", texts(changed, GroupState.Site::backAt))
                    .param(
                            "announcedDown",
                            changed.stream().map(GroupState.Site::announcedDown).toArray(Boolean[]::new))
                    .param(
                            "announcedConfirmed",
                            changed.stream()
                                    .map(GroupState.Site::announcedConfirmed)
                                    .toArray(Boolean[]::new))
                    .param("changedAt", texts(changed, GroupState.Site::changedAt))
                    .update();
        }
    }

    private static @Nullable String[] texts(
            List<GroupState.Site> sites, Function<GroupState.Site, @Nullable Instant> instant) {
        return sites.stream()
                .map(instant)
                .map(at -> at == null ? null : at.toString())
                .toArray(String[]::new);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return Objects.requireNonNull(rs.getObject(column, OffsetDateTime.class))
                .toInstant();
    }

    private static @Nullable Instant instantOrNull(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static @Nullable OffsetDateTime utcOrNull(@Nullable Instant instant) {
        return instant == null ? null : utc(instant);
    }
}
