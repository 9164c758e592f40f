package dev.downtime.receiver.incidents;

import dev.downtime.receiver.notifications.NotificationsCommitted;
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

    private final IncidentRepository incidents;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    IncidentFolder(IncidentRepository incidents, JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.incidents = incidents;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    @Async(FoldingConfiguration.EXECUTOR)
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    @TransactionalEventListener(id = LISTENER_ID)
    void on(NotificationsCommitted committed) {
        fold(
                committed.batch(),
                committed.notifications().stream().map(TrackedNotification::of).toList());
    }

    /** Folds a batch in the caller's transaction; nothing when this batch was folded before. */
    void fold(UUID batch, List<TrackedNotification> committed) {
        Instant now = clock.instant();
        if (!firstTime(batch, now)) {
            return;
        }
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
        Map<TrackedNotification, Incident> incidentOf = new LinkedHashMap<>();
        Set<Incident> touched = new LinkedHashSet<>();
        Set<UUID> lateIds = new HashSet<>();
        late.forEach(n -> lateIds.add(n.id()));
        for (TrackedNotification notification : ours) {
            if (lateIds.contains(notification.id())) {
                Incident heldIn = lateIn.get(notification.id());
                if (heldIn != null) {
                    heldIn.notifiedLate(notification);
                    incidentOf.put(notification, heldIn);
                    touched.add(heldIn);
                }
                continue;
            }
            Incident incident = open.get(notification.normalizedUrl());
            if (notification.recovery()) {
                if (incident != null) {
                    incident.recovered(notification);
                    open.remove(notification.normalizedUrl());
                    incidentOf.put(notification, incident);
                    touched.add(incident);
                }
            } else if (incident == null) {
                incident = Incident.open(notification);
                open.put(notification.normalizedUrl(), incident);
                incidentOf.put(notification, incident);
                touched.add(incident);
            } else {
                incident.failedAgain(notification);
                incidentOf.put(notification, incident);
                touched.add(incident);
            }
        }
        List<IncidentsChanged.Change> changes = new ArrayList<>();
        for (Incident incident : touched) {
            boolean opened = incident.isNew();
            incidents.save(incident);
            if (opened) {
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
        // The incident rows first: the links refer to them.
        incidents.flush();
        link(incidentOf);
        remember(ours);
        if (!changes.isEmpty()) {
            events.publishEvent(new IncidentsChanged(changes));
        }
    }

    private boolean firstTime(UUID batch, Instant now) {
        return jdbc.sql("INSERT INTO incident_fold (batch, folded_at) VALUES (:batch, :at) ON CONFLICT DO NOTHING")
                        .param("batch", batch)
                        .param("at", utc(now))
                        .update()
                > 0;
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
        jdbc.sql("""
                        SELECT f.normalized_url, f.newest_folded_at
                          FROM unnest(CAST(:urls AS text[])) AS u(url)
                          JOIN incident_url f ON f.url_key = url_key(u.url) AND f.normalized_url = u.url
                        """)
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
        List<UUID> ids = jdbc.sql("""
                        SELECT i.id
                          FROM unnest(CAST(:urls AS text[])) AS u(url)
                          JOIN incident i ON url_key(i.normalized_url) = url_key(u.url) AND i.normalized_url = u.url
                         WHERE i.closed_at IS NULL
                        """)
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

    /** Which incident each notification went to: one multi-row statement. */
    private void link(Map<TrackedNotification, Incident> incidentOf) {
        if (incidentOf.isEmpty()) {
            return;
        }
        List<Map.Entry<TrackedNotification, Incident>> links = List.copyOf(incidentOf.entrySet());
        jdbc.sql("""
                        INSERT INTO incident_notification (notification_id, incident_id, received_at)
                        SELECT * FROM unnest(CAST(:notifications AS uuid[]), CAST(:incidents AS uuid[]),
                                             CAST(CAST(:ats AS text[]) AS timestamptz[]))
                        ON CONFLICT (notification_id) DO NOTHING
                        """)
                .param(
                        "notifications",
                        links.stream().map(link -> link.getKey().id()).toArray(UUID[]::new))
                .param(
                        "incidents",
                        links.stream().map(link -> link.getValue().id()).toArray(UUID[]::new))
                .param(
                        "ats",
                        links.stream()
                                .map(link -> link.getKey().receivedAt().toString())
                                .toArray(String[]::new))
                .update();
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
