package dev.downtime.receiver.incidents;

import dev.downtime.receiver.database.DerivedData;
import dev.downtime.receiver.notifications.NotificationsCommitted;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Folds committed notifications into incidents, off the request path, as {@link
 * NotificationsCommitted} reports them: each batch once (a batch handed over again after a crash
 * or a retry is recognised), on one thread per instance so that this instance's batches are folded
 * in the order they were committed. With several instances, the URLs of a batch are locked for the
 * fold (transaction-scoped advisory locks, taken in one order), so that each URL's notifications
 * are folded one batch at a time. A notification older than the newest one already folded for its
 * URL is late: it goes into the history of the incident it happened in, if any, but changes no
 * incident's state.
 */
@Component
class IncidentFolder {

    /** The registry's name for this listener: keep it, or incomplete publications lose their listener. */
    static final String LISTENER_ID = "incidents.fold-notifications";

    /** The advisory locks of URLs being folded: this class, and a 32-bit hash of the URL. */
    static final int URL_LOCKS = 0x696e6364;

    /** The open incidents of a batch's URLs, by their digests ({@code :keys}, see {@link UrlKeys}). */
    static final String OPEN_INCIDENTS = """
            SELECT id
              FROM incident
             WHERE url_key(normalized_url) = ANY (CAST(:keys AS bytea[]))
               AND normalized_url = ANY (CAST(:urls AS text[]))
               AND closed_at IS NULL
            """;

    /** Per URL of a batch, when its newest notification folded so far was received. */
    static final String FOLDED_URLS = """
            SELECT normalized_url, newest_folded_at
              FROM incident_url
             WHERE url_key = ANY (CAST(:keys AS bytea[])) AND normalized_url = ANY (CAST(:urls AS text[]))
            """;

    private final IncidentRepository incidents;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final CommittedBacklog backlog;
    private final DistributionSummary folds;

    IncidentFolder(
            IncidentRepository incidents,
            JdbcClient jdbc,
            ApplicationEventPublisher events,
            Clock clock,
            CommittedBacklog backlog,
            MeterRegistry meters) {
        this.incidents = incidents;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
        this.backlog = backlog;
        this.folds = DistributionSummary.builder("receiver.incidents.fold.size")
                .description("Notifications folded into incidents per transaction")
                .register(meters);
    }

    @Async(FoldingConfiguration.EXECUTOR)
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    @TransactionalEventListener(id = LISTENER_ID)
    void on(NotificationsCommitted committed) {
        if (backlog.foldedAlready(committed.batch())) {
            return; // with an earlier batch; a transaction that writes nothing waits for no flush
        }
        DerivedData.commitWithoutWaitingForDisk(jdbc);
        // This batch, and those committed since that wait in the backlog: one transaction for all.
        Map<UUID, List<TrackedNotification>> batches = new LinkedHashMap<>();
        batches.put(committed.batch(), tracked(committed));
        for (NotificationsCommitted next :
                backlog.take(MAX_FOLD - committed.notifications().size())) {
            batches.putIfAbsent(next.batch(), tracked(next));
        }
        fold(batches);
    }

    /**
     * Notifications folded in one transaction, at most (or one batch, if larger): each URL is an
     * advisory lock held until the transaction ends, from a lock table PostgreSQL sizes for about
     * 64 per connection.
     */
    static final int MAX_FOLD = 500;

    private static List<TrackedNotification> tracked(NotificationsCommitted committed) {
        return committed.notifications().stream().map(TrackedNotification::of).toList();
    }

    /** Folds batches in the caller's transaction; those folded before are skipped. */
    void fold(Map<UUID, List<TrackedNotification>> batches) {
        Instant now = clock.instant();
        Set<UUID> first = firstTime(batches.keySet(), now);
        backlog.folding(List.copyOf(batches.keySet()));
        if (first.isEmpty()) {
            return;
        }
        List<TrackedNotification> committed = new ArrayList<>();
        batches.forEach((batch, notifications) -> {
            if (first.contains(batch)) {
                committed.addAll(notifications);
            }
        });
        folds.record(committed.size());
        // Received order; ids break ties (they increase with receipt within an instance).
        List<TrackedNotification> ours = committed.stream()
                .filter(n -> !n.foreignHost()) // not one of our sites, as far as we know
                .sorted(Comparator.comparing(TrackedNotification::receivedAt).thenComparing(TrackedNotification::id))
                .toList();
        if (ours.isEmpty()) {
            return;
        }
        List<String> urls =
                ours.stream().map(TrackedNotification::normalizedUrl).distinct().toList();
        customPlans();
        lock(urls);
        Map<String, Instant> newestFolded = newestFolded(urls);
        Map<String, Incident> open = openIncidents(urls);
        // A notification committed late (replayed from the spool, or a slow commit) can be older than
        // what an earlier batch already folded for its URL: folded as if new, it would reopen a
        // recovered site or close a down one.
        List<TrackedNotification> late = ours.stream()
                .filter(n -> newestFolded.containsKey(n.normalizedUrl())
                        && n.receivedAt().isBefore(newestFolded.get(n.normalizedUrl())))
                .toList();
        Map<UUID, Incident> lateIn = late.isEmpty() ? Map.of() : incidentsHolding(late, open);
        Set<Incident> touched = new LinkedHashSet<>();
        Set<UUID> lateIds = new HashSet<>();
        late.forEach(n -> lateIds.add(n.id()));
        for (TrackedNotification notification : ours) {
            if (lateIds.contains(notification.id())) {
                Incident heldIn = lateIn.get(notification.id());
                if (heldIn != null) {
                    heldIn.notifiedLate(notification);
                    touched.add(heldIn);
                }
                continue;
            }
            Incident incident = open.get(notification.normalizedUrl());
            if (notification.recovery()) {
                if (incident != null) {
                    incident.recovered(notification);
                    open.remove(notification.normalizedUrl());
                    touched.add(incident);
                }
            } else if (incident == null) {
                incident = Incident.open(notification);
                open.put(notification.normalizedUrl(), incident);
                touched.add(incident);
            } else {
                incident.failedAgain(notification);
                touched.add(incident);
            }
        }
        List<IncidentsChanged.Change> changes = new ArrayList<>();
        List<Incident> opened = new ArrayList<>();
        for (Incident incident : touched) {
            if (incident.isNew()) {
                opened.add(incident);
            } else {
                incidents.save(incident);
            }
            if (incident.isNew()) {
                changes.add(new IncidentsChanged.Opened(
                        incident.id(),
                        incident.normalizedUrl(),
                        incident.host(),
                        incident.openedAt(),
                        incident.firstCode(),
                        incident.coveredAtOpen()));
            } else if (incident.reported()) {
                changes.add(new IncidentsChanged.Reported(
                        incident.id(), incident.normalizedUrl(), incident.lastNotifiedAt(), incident.lastCode()));
            }
            if (incident.closedNow()) {
                changes.add(new IncidentsChanged.Closed(
                        incident.id(),
                        incident.normalizedUrl(),
                        Objects.requireNonNull(incident.closedAt()),
                        incident.coveredAtOpen(),
                        incident.maintenanceOverranAt()));
            }
        }
        incidents.flush();
        insert(opened);
        remember(ours);
        if (!changes.isEmpty()) {
            events.publishEvent(new IncidentsChanged(changes));
        }
    }

    /** The batches not folded before, now recorded as folded. */
    private Set<UUID> firstTime(Set<UUID> batches, Instant now) {
        return new HashSet<>(jdbc.sql("""
                        INSERT INTO incident_fold (batch, folded_at)
                        SELECT b, :at FROM unnest(CAST(:batches AS uuid[])) AS b
                        ON CONFLICT DO NOTHING
                        RETURNING batch
                        """)
                .param("batches", batches.toArray(UUID[]::new))
                .param("at", utc(now))
                .query(UUID.class)
                .list());
    }

    /**
     * The fold looks up a batch's URLs in tables that a mass outage grows from nothing to hundreds
     * of thousands of rows within a minute. A plan PostgreSQL keeps for a prepared statement (a
     * generic plan, from the sixth execution on) is made once, from the size the table had then,
     * and kept until the table is analyzed again: made while it was nearly empty, it scans every
     * open incident for each batch, computing each one's URL digest (measured: 15 ms a batch at
     * 12,000 incidents, growing with them). Planned for each execution, with the digests given (a
     * scan would have to compute one per row, which the planner counts), the lookups use the digest
     * indexes as soon as the tables are more than a few pages.
     */
    private void customPlans() {
        jdbc.sql("SET LOCAL plan_cache_mode = force_custom_plan").update();
    }

    /**
     * Until the transaction ends, no other fold touches these URLs. Taken in the order of their
     * keys, so that two folds sharing URLs never wait on each other; two URLs whose hashes collide
     * only wait on each other.
     */
    private void lock(List<String> urls) {
        jdbc.sql("""
                        SELECT count(pg_advisory_xact_lock(:class, k))
                          FROM (SELECT DISTINCT hashtext(u) AS k FROM unnest(CAST(:urls AS text[])) AS u ORDER BY 1) keys
                        """)
                .param("class", URL_LOCKS)
                .param("urls", urls.toArray(String[]::new))
                .query(Long.class)
                .single();
    }

    /** Per URL, when the newest notification folded so far was received. */
    private Map<String, Instant> newestFolded(List<String> urls) {
        Map<String, Instant> newest = new HashMap<>();
        jdbc.sql(FOLDED_URLS)
                .param("keys", UrlKeys.of(urls))
                .param("urls", urls.toArray(String[]::new))
                .query((rs, row) -> Map.entry(
                        rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant()))
                .list()
                .forEach(entry -> newest.put(entry.getKey(), entry.getValue()));
        return newest;
    }

    /** The open incident of each URL, if any, locked. */
    private Map<String, Incident> openIncidents(List<String> urls) {
        // URLs are indexed by their digest, url_key (V15): compared first, then the URL itself.
        List<UUID> ids = jdbc.sql(OPEN_INCIDENTS)
                .param("keys", UrlKeys.of(urls))
                .param("urls", urls.toArray(String[]::new))
                .query(UUID.class)
                .list();
        Map<String, Incident> open = new HashMap<>();
        if (!ids.isEmpty()) {
            incidents.lockAll(ids).forEach(incident -> open.put(incident.normalizedUrl(), incident));
        }
        return open;
    }

    /**
     * For each late notification, the incident of its URL that was open when it was received, if
     * any, locked. An open one already loaded comes back as the same object (one persistence
     * context), so that every change goes through one object.
     */
    private Map<UUID, Incident> incidentsHolding(List<TrackedNotification> late, Map<String, Incident> open) {
        Map<UUID, UUID> holding = new HashMap<>();
        jdbc.sql("""
                        SELECT l.notification_id, i.id
                          FROM unnest(CAST(:ids AS uuid[]), CAST(:urls AS text[]),
                                      CAST(CAST(:ats AS text[]) AS timestamptz[])) AS l(notification_id, url, at)
                          CROSS JOIN LATERAL (SELECT id FROM incident
                                               WHERE url_key(normalized_url) = url_key(l.url)
                                                 AND normalized_url = l.url AND opened_at <= l.at
                                                 AND (closed_at IS NULL OR closed_at >= l.at)
                                               ORDER BY opened_at DESC
                                               LIMIT 1) i
                        """)
                .param("ids", late.stream().map(TrackedNotification::id).toArray(UUID[]::new))
                .param(
                        "urls",
                        late.stream().map(TrackedNotification::normalizedUrl).toArray(String[]::new))
                .param("ats", late.stream().map(n -> n.receivedAt().toString()).toArray(String[]::new))
                .query((rs, row) -> Map.entry(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                .list()
                .forEach(entry -> holding.put(entry.getKey(), entry.getValue()));
        Map<UUID, Incident> byId = new HashMap<>();
        open.values().forEach(incident -> byId.put(incident.id(), incident));
        List<UUID> toLoad = holding.values().stream()
                .filter(id -> !byId.containsKey(id))
                .distinct()
                .toList();
        if (!toLoad.isEmpty()) {
            incidents.lockAll(toLoad).forEach(incident -> byId.put(incident.id(), incident));
        }
        Map<UUID, Incident> lateIn = new HashMap<>();
        holding.forEach((notification, incident) -> lateIn.put(notification, byId.get(incident)));
        return lateIn;
    }

    /**
     * The incidents this batch opened, in their state at the end of the batch: one multi-row
     * statement. In a mass outage most notifications open one, and JPA would send an INSERT each
     * (batched, but each executed on its own: measured 62 µs of PostgreSQL time per incident).
     * Nothing in this transaction reads them back as entities; the version starts at 0 as JPA's would.
     */
    private void insert(List<Incident> opened) {
        if (opened.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO incident (id, normalized_url, host, opened_at, last_notified_at, closed_at,
                                              notification_count, first_code, worst_code, last_code, covered,
                                              covering_window_ids, maintenance_overran_at, verdict,
                                              up_from_our_side_at, version, covered_at_open)
                        SELECT id, url, host, CAST(opened_at AS timestamptz), CAST(last_notified_at AS timestamptz),
                               CAST(closed_at AS timestamptz), notification_count, first_code, worst_code, last_code,
                               covered, CAST(covering_window_ids AS uuid[]), CAST(overran_at AS timestamptz), verdict,
                               CAST(up_at AS timestamptz), 0, covered_at_open
                          FROM unnest(CAST(:ids AS uuid[]), CAST(:urls AS text[]), CAST(:hosts AS text[]),
                                      CAST(:openedAt AS text[]), CAST(:lastNotifiedAt AS text[]),
                                      CAST(:closedAt AS text[]), CAST(:counts AS integer[]),
                                      CAST(:firstCodes AS integer[]), CAST(:worstCodes AS integer[]),
                                      CAST(:lastCodes AS integer[]), CAST(:covered AS boolean[]),
                                      CAST(:windows AS text[]), CAST(:overranAt AS text[]), CAST(:verdicts AS text[]),
                                      CAST(:upAt AS text[]), CAST(:coveredAtOpen AS boolean[]))
                               AS o(id, url, host, opened_at, last_notified_at, closed_at, notification_count,
                                    first_code, worst_code, last_code, covered, covering_window_ids, overran_at,
                                    verdict, up_at, covered_at_open)
                        """)
                .param("ids", opened.stream().map(Incident::id).toArray(UUID[]::new))
                .param("urls", opened.stream().map(Incident::normalizedUrl).toArray(String[]::new))
                .param("hosts", opened.stream().map(Incident::host).toArray(String[]::new))
                .param("openedAt", texts(opened, Incident::openedAt))
                .param("lastNotifiedAt", texts(opened, Incident::lastNotifiedAt))
                .param("closedAt", texts(opened, Incident::closedAt))
                .param(
                        "counts",
                        opened.stream().map(Incident::notificationCount).toArray(Integer[]::new))
                .param("firstCodes", opened.stream().map(Incident::firstCode).toArray(Integer[]::new))
                .param("worstCodes", opened.stream().map(Incident::worstCode).toArray(Integer[]::new))
                .param("lastCodes", opened.stream().map(Incident::lastCode).toArray(Integer[]::new))
                .param("covered", opened.stream().map(Incident::covered).toArray(Boolean[]::new))
                .param(
                        "windows",
                        opened.stream()
                                .map(i -> i.coveringWindowIds().stream()
                                        .map(UUID::toString)
                                        .collect(Collectors.joining(",", "{", "}")))
                                .toArray(String[]::new))
                .param("overranAt", texts(opened, Incident::maintenanceOverranAt))
                .param("verdicts", opened.stream().map(Incident::verdict).toArray(String[]::new))
                .param("upAt", texts(opened, Incident::upFromOurSideAt))
                .param(
                        "coveredAtOpen",
                        opened.stream().map(Incident::coveredAtOpen).toArray(Boolean[]::new))
                .update();
    }

    private static @Nullable String[] texts(List<Incident> incidents, Function<Incident, @Nullable Instant> instant) {
        return incidents.stream()
                .map(instant)
                .map(at -> at == null ? null : at.toString())
                .toArray(String[]::new);
    }

    /** Per URL, the newest notification folded now, if newer than what was folded before. */
    private void remember(List<TrackedNotification> folded) {
        Map<String, Instant> newest = new LinkedHashMap<>();
        folded.forEach(n -> newest.merge(n.normalizedUrl(), n.receivedAt(), (a, b) -> a.isAfter(b) ? a : b));
        jdbc.sql("""
                        INSERT INTO incident_url (url_key, normalized_url, newest_folded_at)
                        SELECT url_key(u.url), u.url, u.at
                          FROM unnest(CAST(:urls AS text[]), CAST(CAST(:ats AS text[]) AS timestamptz[])) AS u(url, at)
                        ON CONFLICT (url_key) DO UPDATE
                           SET newest_folded_at = greatest(incident_url.newest_folded_at, excluded.newest_folded_at)
                        """)
                .param("urls", newest.keySet().toArray(String[]::new))
                .param("ats", newest.values().stream().map(Instant::toString).toArray(String[]::new))
                .update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
