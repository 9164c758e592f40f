package dev.downtime.receiver.verification;

import dev.downtime.receiver.database.DerivedData;
import dev.downtime.receiver.incidents.IncidentsChanged;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the queue of incidents to check ({@code verification_due}) from incidents' events: an
 * opened incident is due at once; a later failure report brings back checks that had stopped
 * (never sooner than the interval after the URL's last check: {@link VerificationScheduler}); a
 * closed one is checked no more. Each change is applied so that any order of arrival ends the
 * same: a closed incident's row stays, closed, and an older report changes nothing.
 */
@Component
class IncidentsToCheck {

    private final JdbcClient jdbc;

    IncidentsToCheck(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One statement per kind of change, whatever the number of incidents (a mass outage opens
     * hundreds in one fold), applied in the order they happen to an incident: opened, reported,
     * closed. An event holds at most one change of each kind per incident.
     */
    @ApplicationModuleListener(id = "verification.incidents-changed")
    void on(IncidentsChanged changed) {
        DerivedData.commitWithoutWaitingForDisk(jdbc);
        List<IncidentsChanged.Opened> opened = new ArrayList<>();
        List<IncidentsChanged.Reported> reported = new ArrayList<>();
        List<IncidentsChanged.Closed> closed = new ArrayList<>();
        for (IncidentsChanged.Change change : changed.changes()) {
            switch (change) {
                case IncidentsChanged.Opened o -> opened.add(o);
                case IncidentsChanged.Reported r -> reported.add(r);
                case IncidentsChanged.Closed c -> closed.add(c);
                case IncidentsChanged.Overran overran -> {}
                case IncidentsChanged.Confirmed confirmed -> {}
            }
        }
        if (!opened.isEmpty()) {
            upsert(
                    """
                    INSERT INTO verification_due (incident_id, url, last_code, last_reported_at, next_check_at)
                    SELECT incident, url, code, at, at FROM unnest(CAST(:incidents AS uuid[]), CAST(:urls AS text[]),
                           CAST(:codes AS int[]), CAST(CAST(:ats AS text[]) AS timestamptz[])) AS c(incident, url, code, at)
                    ON CONFLICT (incident_id) DO NOTHING
                    """,
                    opened.stream().map(IncidentsChanged.Opened::incident).toList(),
                    opened.stream().map(IncidentsChanged.Opened::url).toList(),
                    opened.stream().map(IncidentsChanged.Opened::code).toList(),
                    opened.stream().map(IncidentsChanged.Opened::openedAt).toList());
        }
        if (!reported.isEmpty()) {
            upsert(
                    """
                    INSERT INTO verification_due (incident_id, url, last_code, last_reported_at, next_check_at)
                    SELECT incident, url, code, at, at FROM unnest(CAST(:incidents AS uuid[]), CAST(:urls AS text[]),
                           CAST(:codes AS int[]), CAST(CAST(:ats AS text[]) AS timestamptz[])) AS c(incident, url, code, at)
                    ON CONFLICT (incident_id) DO UPDATE
                       SET last_code = CASE WHEN excluded.last_reported_at >= verification_due.last_reported_at
                                            THEN excluded.last_code ELSE verification_due.last_code END,
                           last_reported_at = greatest(verification_due.last_reported_at, excluded.last_reported_at),
                           next_check_at = CASE WHEN verification_due.closed_at IS NOT NULL THEN NULL
                                                ELSE coalesce(verification_due.next_check_at, excluded.next_check_at) END
                    """,
                    reported.stream().map(IncidentsChanged.Reported::incident).toList(),
                    reported.stream().map(IncidentsChanged.Reported::url).toList(),
                    reported.stream().map(IncidentsChanged.Reported::code).toList(),
                    reported.stream().map(IncidentsChanged.Reported::reportedAt).toList());
        }
        if (!closed.isEmpty()) {
            upsert(
                    """
                    INSERT INTO verification_due (incident_id, url, last_code, last_reported_at, closed_at)
                    SELECT incident, url, code, at, at FROM unnest(CAST(:incidents AS uuid[]), CAST(:urls AS text[]),
                           CAST(:codes AS int[]), CAST(CAST(:ats AS text[]) AS timestamptz[])) AS c(incident, url, code, at)
                    ON CONFLICT (incident_id) DO UPDATE SET closed_at = excluded.closed_at, next_check_at = NULL
                    """,
                    closed.stream().map(IncidentsChanged.Closed::incident).toList(),
                    closed.stream().map(IncidentsChanged.Closed::url).toList(),
                    // Unknown when the close comes first; a tombstone is never checked.
                    closed.stream().map(c -> 0).toList(),
                    closed.stream().map(IncidentsChanged.Closed::closedAt).toList());
        }
    }

    private void upsert(String sql, List<UUID> incidents, List<String> urls, List<Integer> codes, List<Instant> ats) {
        jdbc.sql(sql)
                .param("incidents", incidents.toArray(UUID[]::new))
                .param("urls", urls.toArray(String[]::new))
                .param("codes", codes.toArray(Integer[]::new))
                .param("ats", ats.stream().map(Instant::toString).toArray(String[]::new))
                .update();
    }
}
