package dev.downtime.receiver.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Immutable;
import org.jspecify.annotations.Nullable;

/**
 * One change made through the admin API, with the subject as the API showed it before and after
 * (JSON). Append-only: written once, never changed (a trigger refuses it, V6).
 */
@Entity
@Immutable
@Table(name = "audit_event")
class AuditEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long id;

    private Instant occurredAt;
    private String actor;
    private String action;
    private String subjectType;
    private UUID subjectId;

    // JSON text, kept as the API showed it: read back as text, written as jsonb.
    @Column(name = "before", columnDefinition = "jsonb")
    @ColumnTransformer(write = "CAST(? AS jsonb)")
    private @Nullable String beforeJson;

    @Column(name = "after", columnDefinition = "jsonb")
    @ColumnTransformer(write = "CAST(? AS jsonb)")
    private @Nullable String afterJson;

    /** For JPA, which sets every field. */
    @SuppressWarnings("NullAway.Init")
    protected AuditEvent() {}

    AuditEvent(
            Instant occurredAt,
            String actor,
            String action,
            String subjectType,
            UUID subjectId,
            @Nullable String beforeJson,
            @Nullable String afterJson) {
        this.occurredAt = occurredAt;
        this.actor = actor;
        this.action = action;
        this.subjectType = subjectType;
        this.subjectId = subjectId;
        this.beforeJson = beforeJson;
        this.afterJson = afterJson;
    }

    long id() {
        if (id == null) {
            throw new IllegalStateException("an audit event has an id once stored");
        }
        return id;
    }

    Instant occurredAt() {
        return occurredAt;
    }

    String actor() {
        return actor;
    }

    String action() {
        return action;
    }

    String subjectType() {
        return subjectType;
    }

    UUID subjectId() {
        return subjectId;
    }

    @Nullable
    String beforeJson() {
        return beforeJson;
    }

    @Nullable
    String afterJson() {
        return afterJson;
    }
}
