package dev.downtime.receiver.notifications;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Keeps every accepted notification in PostgreSQL. */
@Service
public class NotificationLog {

    private final JdbcClient jdbc;

    NotificationLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the notification and returns once it is committed, so a reply never outruns its record. */
    public UUID record(ReceivedNotification notification) {
        UUID id = NotificationIds.next(notification.receivedAt());
        jdbc.sql("""
                        INSERT INTO notification (id, received_at, ts, raw_url, normalized_url, code, host, type,
                                                  reply, window_ids, remote_address)
                        VALUES (:id, :receivedAt, :ts, :rawUrl, :normalizedUrl, :code, :host, :type,
                                :reply, CAST(:windowIds AS uuid[]), :remoteAddress)
                        """)
                .param("id", id)
                .param("receivedAt", OffsetDateTime.ofInstant(notification.receivedAt(), ZoneOffset.UTC))
                .param("ts", notification.ts(), java.sql.Types.BIGINT)
                .param("rawUrl", notification.rawUrl())
                .param("normalizedUrl", notification.normalizedUrl())
                .param("code", notification.code())
                .param("host", notification.host(), java.sql.Types.VARCHAR)
                .param("type", notification.type(), java.sql.Types.VARCHAR)
                .param("reply", notification.reply())
                .param(
                        "windowIds",
                        notification.windowIds().stream()
                                .map(UUID::toString)
                                .collect(Collectors.joining(",", "{", "}")))
                .param("remoteAddress", notification.remoteAddress(), java.sql.Types.VARCHAR)
                .update();
        return id;
    }
}
