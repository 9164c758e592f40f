package dev.downtime.receiver.audit;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** The append-only record of who changed what through the admin API, with before and after values. */
@Service
public class AuditLog {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Records a change in the caller's transaction, so that the change and its record commit or
     * roll back together.
     *
     * @param action e.g. {@code window.created}
     * @param before the subject before the change, as the API shows it; null when created
     * @param after the subject after the change; null when deleted
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(
            String actor,
            String action,
            String subjectType,
            UUID subjectId,
            @Nullable Object before,
            @Nullable Object after) {
        jdbc.sql("""
                        INSERT INTO audit_event (occurred_at, actor, action, subject_type, subject_id, before, after)
                        VALUES (:at, :actor, :action, :subjectType, :subjectId, CAST(:before AS jsonb), CAST(:after AS jsonb))
                        """)
                .param("at", OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC))
                .param("actor", actor)
                .param("action", action)
                .param("subjectType", subjectType)
                .param("subjectId", subjectId)
                .param("before", before == null ? null : json.writeValueAsString(before), java.sql.Types.VARCHAR)
                .param("after", after == null ? null : json.writeValueAsString(after), java.sql.Types.VARCHAR)
                .update();
    }
}
