package dev.downtime.receiver.notifications;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Notifications committed by a version that had incidents poll for them, and not folded yet when
 * this version started (V23 listed them): each is handed over once, as if just committed, and
 * struck off the list in the same transaction. Instances share the list without taking the same
 * rows ({@code SKIP LOCKED}); once it is empty, this instance stops looking.
 */
@Component
class UnfoldedNotifications {

    static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private volatile boolean done;

    UnfoldedNotifications(JdbcClient jdbc, TransactionTemplate transaction, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.events = events;
    }

    void handOverAll() {
        while (!done) {
            Integer handedOver = transaction.execute(status -> handOver());
            if (handedOver == null || handedOver == 0) {
                done = true;
            }
        }
    }

    private int handOver() {
        List<UUID> ids = jdbc.sql("""
                        DELETE FROM notification_unfolded
                         WHERE id IN (SELECT id FROM notification_unfolded LIMIT :batch FOR UPDATE SKIP LOCKED)
                        RETURNING id
                        """).param("batch", BATCH).query(UUID.class).list();
        if (ids.isEmpty()) {
            return 0;
        }
        // Those deleted since by retention are simply gone.
        List<NotificationsCommitted.Committed> rows = jdbc
                .sql("""
                        SELECT id, received_at, normalized_url, code, host, reply, window_ids, foreign_host
                          FROM notification WHERE id = ANY (:ids)
                        """)
                .param("ids", ids.toArray(UUID[]::new))
                .query((rs, row) -> new NotificationsCommitted.Committed(
                        rs.getObject("id", UUID.class),
                        rs.getObject("received_at", OffsetDateTime.class).toInstant(),
                        rs.getString("normalized_url"),
                        rs.getInt("code"),
                        rs.getString("host"),
                        rs.getString("reply"),
                        Arrays.asList((UUID[]) rs.getArray("window_ids").getArray()),
                        rs.getBoolean("foreign_host")))
                .list()
                .stream()
                .sorted(Comparator.comparing(NotificationsCommitted.Committed::receivedAt)
                        .thenComparing(NotificationsCommitted.Committed::id))
                .toList();
        if (!rows.isEmpty()) {
            events.publishEvent(new NotificationsCommitted(UUID.randomUUID(), rows));
        }
        return ids.size();
    }
}
