package dev.downtime.receiver.incidents;

import dev.downtime.receiver.alerts.Alerts;
import dev.downtime.receiver.alerts.Alerts.Transition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Folds stored notifications into incidents, in the order they were received, off the request
 * path: whether a notification was committed at once or replayed from the spool, it is seen here
 * exactly once. One instance at a time does it (a transaction-scoped advisory lock), so the order
 * per URL holds with several instances. A notification committed after newer ones of its URL were
 * folded is late: it goes into the history of the incident it happened in, if any, but changes no
 * incident's state. Also flags open incidents whose covering maintenance has ended while the site
 * is still down.
 */
@Component
class IncidentTracker {

    /** Any constant works, as long as nothing else takes this advisory lock. */
    static final long TRACKER_LOCK = 0x646f776e74696d65L;

    private static final Logger log = LoggerFactory.getLogger(IncidentTracker.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Alerts alerts;
    private final Clock clock;
    private final IncidentsProperties properties;

    IncidentTracker(
            JdbcClient jdbc,
            TransactionTemplate transaction,
            Alerts alerts,
            Clock clock,
            IncidentsProperties properties) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.alerts = alerts;
        this.clock = clock;
        this.properties = properties;
    }

    /** Folds batches until there is no full batch left. */
    void trackAll() {
        while (track() == properties.batchSize()) {
            // a full batch: there may be more waiting
        }
    }

    /** @return how many notifications were folded; 0 when another instance holds the lock */
    int track() {
        Integer tracked = transaction.execute(status -> {
            Boolean locked = jdbc.sql("SELECT pg_try_advisory_xact_lock(:lock)")
                    .param("lock", TRACKER_LOCK)
                    .query(Boolean.class)
                    .single();
            if (!Boolean.TRUE.equals(locked)) {
                return 0;
            }
            List<TrackedNotification> batch = jdbc.sql("""
                            SELECT id, received_at, normalized_url, code, host, window_ids, foreign_host
                              FROM notification
                             WHERE NOT tracked
                             ORDER BY received_at, id
                             LIMIT :batch
                            """)
                    .param("batch", properties.batchSize())
                    .query((rs, row) -> notification(rs))
                    .list();
            if (!batch.isEmpty()) {
                fold(batch);
            }
            return batch.size();
        });
        return tracked == null ? 0 : tracked;
    }

    private void fold(List<TrackedNotification> batch) {
        List<String> urls = batch.stream()
                .map(TrackedNotification::normalizedUrl)
                .distinct()
                .toList();
        Map<String, Incident> open = openIncidents(urls);
        Map<String, Instant> newestFolded = newestFolded(urls);
        // The batch is in received order, but a notification committed late (replayed from the
        // spool, or a slow commit) can be older than what an earlier batch already folded for its
        // URL: folded as if new, it would reopen a recovered site or close a down one.
        List<TrackedNotification> late = batch.stream()
                .filter(n -> !n.foreignHost()
                        && newestFolded.containsKey(n.normalizedUrl())
                        && n.receivedAt().isBefore(newestFolded.get(n.normalizedUrl())))
                .toList();
        Set<UUID> lateIds = late.stream().map(TrackedNotification::id).collect(Collectors.toSet());
        Map<UUID, Incident> lateIn = late.isEmpty() ? Map.of() : incidentsHolding(late, open);
        Map<UUID, UUID> incidentOf = new LinkedHashMap<>();
        List<Incident> touched = new ArrayList<>();
        for (TrackedNotification notification : batch) {
            if (notification.foreignHost()) {
                continue; // not one of our sites, as far as we know
            }
            if (lateIds.contains(notification.id())) {
                Incident heldIn = lateIn.get(notification.id());
                if (heldIn != null) {
                    heldIn.notifiedLate(notification);
                    incidentOf.put(notification.id(), heldIn.id());
                    touched.add(heldIn);
                }
                continue;
            }
            Incident incident = open.get(notification.normalizedUrl());
            if (notification.recovery()) {
                if (incident != null) {
                    incident.recovered(notification);
                    open.remove(notification.normalizedUrl());
                    incidentOf.put(notification.id(), incident.id());
                    touched.add(incident);
                }
            } else if (incident == null) {
                incident = Incident.open(notification);
                open.put(notification.normalizedUrl(), incident);
                incidentOf.put(notification.id(), incident.id());
                touched.add(incident);
            } else {
                incident.failedAgain(notification);
                incidentOf.put(notification.id(), incident.id());
                touched.add(incident);
            }
        }
        Instant now = clock.instant();
        for (Incident incident : touched.stream().distinct().toList()) {
            if (incident.isNew()) {
                insert(incident, now);
                if (!incident.covered()) {
                    alerts.raise(incident.id(), Transition.OPENED);
                }
            } else {
                update(incident, now);
            }
            if (incident.closedNow()) {
                alerts.raiseRecovery(incident.id());
            }
        }
        markTracked(batch, incidentOf);
    }

    /** Open incidents whose covering windows have all ended: flagged once, and alerted. */
    void flagOverruns() {
        transaction.executeWithoutResult(status -> {
            List<UUID> overran = jdbc.sql("""
                            UPDATE incident i SET maintenance_overran_at = :now
                             WHERE i.closed_at IS NULL
                               AND i.covered
                               AND i.maintenance_overran_at IS NULL
                               AND NOT EXISTS (SELECT 1 FROM maintenance_window w
                                                WHERE w.id = ANY (i.covering_window_ids)
                                                  AND least(w.ends_at, w.ended_at) > :now)
                            RETURNING i.id
                            """)
                    .param("now", utc(clock.instant()))
                    .query(UUID.class)
                    .list();
            overran.forEach(id -> alerts.raise(id, Transition.MAINTENANCE_OVERRAN));
        });
    }

    private Map<String, Incident> openIncidents(List<String> urls) {
        Map<String, Incident> open = new HashMap<>();
        // URLs are indexed by their digest, url_key (V15): compared first, then the URL itself.
        jdbc.sql("""
                        SELECT i.id, i.normalized_url, i.host, i.opened_at, i.last_notified_at, i.closed_at,
                               i.notification_count, i.first_code, i.worst_code, i.last_code, i.covering_window_ids
                          FROM unnest(CAST(:urls AS text[])) AS u(url)
                          JOIN incident i ON url_key(i.normalized_url) = url_key(u.url) AND i.normalized_url = u.url
                         WHERE i.closed_at IS NULL
                        """)
                .param("urls", urls.toArray(String[]::new))
                .query((rs, row) -> incident(rs))
                .list()
                .forEach(incident -> open.put(incident.normalizedUrl(), incident));
        return open;
    }

    /**
     * Per URL, when the newest notification folded so far was received. Foreign hosts' are left
     * out: they were never folded into anything.
     */
    private Map<String, Instant> newestFolded(List<String> urls) {
        Map<String, Instant> newest = new HashMap<>();
        // One index probe per URL (notification_url_idx), newest first, past this batch's rows.
        jdbc.sql("""
                        SELECT u.url, n.received_at
                          FROM unnest(CAST(:urls AS text[])) AS u(url)
                          CROSS JOIN LATERAL (SELECT received_at FROM notification
                                               WHERE url_key(normalized_url) = url_key(u.url)
                                                 AND normalized_url = u.url AND tracked AND NOT foreign_host
                                               ORDER BY received_at DESC
                                               LIMIT 1) n
                        """)
                .param("urls", urls.toArray(String[]::new))
                .query((rs, row) -> Map.entry(
                        rs.getString("url"),
                        rs.getObject("received_at", OffsetDateTime.class).toInstant()))
                .list()
                .forEach(entry -> newest.put(entry.getKey(), entry.getValue()));
        return newest;
    }

    /**
     * For each late notification, the incident of its URL that was open when it was received, if
     * any: the open ones already loaded are used as they are, so that every change goes through
     * one object.
     */
    private Map<UUID, Incident> incidentsHolding(List<TrackedNotification> late, Map<String, Incident> open) {
        Map<UUID, Incident> byId = new HashMap<>();
        open.values().forEach(incident -> byId.put(incident.id(), incident));
        Map<UUID, Incident> holding = new HashMap<>();
        jdbc.sql("""
                        SELECT l.notification_id, i.*
                          FROM unnest(CAST(:ids AS uuid[]), CAST(:urls AS text[]),
                                      CAST(CAST(:ats AS text[]) AS timestamptz[])) AS l(notification_id, url, at)
                          CROSS JOIN LATERAL (SELECT id, normalized_url, host, opened_at, last_notified_at,
                                                     closed_at, notification_count, first_code, worst_code,
                                                     last_code, covering_window_ids
                                                FROM incident
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
                .query((rs, row) -> Map.entry(rs.getObject("notification_id", UUID.class), incident(rs)))
                .list()
                .forEach(entry -> holding.put(
                        entry.getKey(), byId.computeIfAbsent(entry.getValue().id(), id -> entry.getValue())));
        return holding;
    }

    private static Incident incident(ResultSet rs) throws SQLException {
        OffsetDateTime closedAt = rs.getObject("closed_at", OffsetDateTime.class);
        return Incident.stored(
                rs.getObject("id", UUID.class),
                rs.getString("normalized_url"),
                rs.getString("host"),
                rs.getObject("opened_at", OffsetDateTime.class).toInstant(),
                rs.getObject("last_notified_at", OffsetDateTime.class).toInstant(),
                closedAt == null ? null : closedAt.toInstant(),
                rs.getInt("notification_count"),
                rs.getInt("first_code"),
                rs.getInt("worst_code"),
                rs.getInt("last_code"),
                Arrays.asList((UUID[]) rs.getArray("covering_window_ids").getArray()));
    }

    private void insert(Incident incident, Instant now) {
        jdbc.sql("""
                        INSERT INTO incident (id, normalized_url, host, opened_at, last_notified_at, closed_at,
                                              notification_count, first_code, worst_code, last_code, covered,
                                              covering_window_ids, next_check_at)
                        VALUES (:id, :url, :host, :openedAt, :lastNotifiedAt, :closedAt, :count, :firstCode,
                                :worstCode, :lastCode, :covered, CAST(:windows AS uuid[]), :nextCheckAt)
                        """)
                .param("id", incident.id())
                .param("url", incident.normalizedUrl())
                .param("host", incident.host(), java.sql.Types.VARCHAR)
                .param("openedAt", utc(incident.openedAt()))
                .param("lastNotifiedAt", utc(incident.lastNotifiedAt()))
                .param("closedAt", closedAt(incident), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                .param("count", incident.notificationCount())
                .param("firstCode", incident.firstCode())
                .param("worstCode", incident.worstCode())
                .param("lastCode", incident.lastCode())
                .param("covered", incident.covered())
                .param("windows", uuidArray(incident.coveringWindowIds()))
                // Verified from our side at once: the verifier picks up incidents that are due.
                .param(
                        "nextCheckAt",
                        incident.closedAt() == null ? utc(now) : null,
                        java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                .update();
    }

    private void update(Incident incident, Instant now) {
        jdbc.sql("""
                        UPDATE incident
                           SET last_notified_at = :lastNotifiedAt, closed_at = :closedAt,
                               notification_count = :count, worst_code = :worstCode, last_code = :lastCode,
                               covered = :covered, covering_window_ids = CAST(:windows AS uuid[]),
                               -- A later failure brings checks back if they had stopped; the verifier
                               -- still waits until the URL's last check is an interval old.
                               next_check_at = CASE WHEN :closed THEN NULL ELSE coalesce(next_check_at, :now) END
                         WHERE id = :id
                        """)
                .param("id", incident.id())
                .param("lastNotifiedAt", utc(incident.lastNotifiedAt()))
                .param("closedAt", closedAt(incident), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                .param("count", incident.notificationCount())
                .param("worstCode", incident.worstCode())
                .param("lastCode", incident.lastCode())
                .param("covered", incident.covered())
                .param("windows", uuidArray(incident.coveringWindowIds()))
                .param("closed", incident.closedAt() != null)
                .param("now", utc(now))
                .update();
    }

    private void markTracked(List<TrackedNotification> batch, Map<UUID, UUID> incidentOf) {
        jdbc.sql("""
                        UPDATE notification n SET tracked = true, incident_id = t.incident_id::uuid
                          FROM unnest(CAST(:ids AS uuid[]), CAST(:incidents AS text[])) AS t(id, incident_id)
                         WHERE n.id = t.id
                        """)
                .param("ids", batch.stream().map(TrackedNotification::id).toArray(UUID[]::new))
                .param(
                        "incidents",
                        batch.stream()
                                .map(n -> incidentOf.containsKey(n.id())
                                        ? incidentOf.get(n.id()).toString()
                                        : null)
                                .toArray(String[]::new))
                .update();
    }

    private static TrackedNotification notification(ResultSet rs) throws SQLException {
        return new TrackedNotification(
                rs.getObject("id", UUID.class),
                rs.getObject("received_at", OffsetDateTime.class).toInstant(),
                rs.getString("normalized_url"),
                rs.getInt("code"),
                rs.getString("host"),
                Arrays.asList((UUID[]) rs.getArray("window_ids").getArray()),
                rs.getBoolean("foreign_host"));
    }

    private static OffsetDateTime closedAt(Incident incident) {
        return incident.closedAt() == null ? null : utc(incident.closedAt());
    }

    private static String uuidArray(List<UUID> ids) {
        return ids.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
