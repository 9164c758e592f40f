package dev.downtime.receiver.verification;

import dev.downtime.receiver.incidents.IncidentsChanged;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

    @ApplicationModuleListener(id = "verification.incidents-changed")
    void on(IncidentsChanged changed) {
        for (IncidentsChanged.Change change : changed.changes()) {
            switch (change) {
                case IncidentsChanged.Opened opened -> opened(opened);
                case IncidentsChanged.Reported reported -> reported(reported);
                case IncidentsChanged.Closed closed -> closed(closed);
                case IncidentsChanged.Overran overran -> {}
            }
        }
    }

    private void opened(IncidentsChanged.Opened opened) {
        jdbc.sql("""
                        INSERT INTO verification_due (incident_id, url, last_code, last_reported_at, next_check_at)
                        VALUES (:incident, :url, :code, :at, :at)
                        ON CONFLICT (incident_id) DO NOTHING
                        """)
                .param("incident", opened.incident())
                .param("url", opened.url())
                .param("code", opened.code())
                .param("at", utc(opened.openedAt()))
                .update();
    }

    private void reported(IncidentsChanged.Reported reported) {
        jdbc.sql("""
                        INSERT INTO verification_due (incident_id, url, last_code, last_reported_at, next_check_at)
                        VALUES (:incident, :url, :code, :at, :at)
                        ON CONFLICT (incident_id) DO UPDATE
                           SET last_code = CASE WHEN excluded.last_reported_at >= verification_due.last_reported_at
                                                THEN excluded.last_code ELSE verification_due.last_code END,
                               last_reported_at = greatest(verification_due.last_reported_at,
                                                           excluded.last_reported_at),
                               next_check_at = CASE WHEN verification_due.closed_at IS NOT NULL THEN NULL
                                                    ELSE coalesce(verification_due.next_check_at,
                                                                  excluded.next_check_at) END
                        """)
                .param("incident", reported.incident())
                .param("url", reported.url())
                .param("code", reported.code())
                .param("at", utc(reported.reportedAt()))
                .update();
    }

    private void closed(IncidentsChanged.Closed closed) {
        jdbc.sql("""
                        INSERT INTO verification_due (incident_id, url, last_code, last_reported_at, closed_at)
                        VALUES (:incident, :url, 0, :at, :at)
                        ON CONFLICT (incident_id) DO UPDATE
                           SET closed_at = excluded.closed_at, next_check_at = NULL
                        """)
                .param("incident", closed.incident())
                .param("url", closed.url())
                .param("at", utc(closed.closedAt()))
                .update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
