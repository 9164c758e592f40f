package dev.downtime.receiver.notifications;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Immutable;
import org.jspecify.annotations.Nullable;

/**
 * An entry of the quarantine as ops staff list it. Written with plain SQL by {@link
 * NotificationQuarantine} (an entry refused again is skipped, not an error), never changed.
 */
@Entity
@Immutable
@Table(name = "notification_quarantine")
class QuarantineEntry {

    @Id
    private UUID id;

    private Instant quarantinedAt;
    private String stage;
    private @Nullable String sqlState;
    private String reason;
    private byte[] payload;

    /** For JPA, which sets every field. */
    @SuppressWarnings("NullAway.Init")
    protected QuarantineEntry() {}

    UUID id() {
        return id;
    }

    Instant quarantinedAt() {
        return quarantinedAt;
    }

    String stage() {
        return stage;
    }

    @Nullable
    String sqlState() {
        return sqlState;
    }

    String reason() {
        return reason;
    }

    byte[] payload() {
        return payload.clone();
    }
}
