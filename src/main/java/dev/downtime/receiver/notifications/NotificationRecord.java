package dev.downtime.receiver.notifications;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * One row of the notification log, as stored in PostgreSQL and in the spool. The id, assigned at
 * receipt, is the idempotency key that keeps a notification that was both committed and spooled
 * (a commit that outlived its caller's wait) to one row.
 *
 * <p>The spool's lines are this record in JSON. Lines written before {@code tsMillis}, {@code
 * rawTs}, {@code rawCode} and {@code tsSkewed} existed lack them: they are read with {@code
 * tsMillis = ts * 1000}, nothing as sent, and not skewed, which is how such rows were judged then.
 */
record NotificationRecord(
        UUID id,
        Instant receivedAt,
        @Nullable Long ts,
        String rawUrl,
        String normalizedUrl,
        int code,
        @Nullable String host,
        @Nullable String type,
        String reply,
        List<UUID> windowIds,
        @Nullable String remoteAddress,
        boolean foreignHost,
        @Nullable Long tsMillis,
        @Nullable String rawTs,
        @Nullable String rawCode,
        // Absent from older spool lines: false, as those were judged then.
        @JsonSetter(nulls = Nulls.AS_EMPTY) boolean tsSkewed) {

    NotificationRecord {
        tsMillis = millis(ts, tsMillis);
        ts = tsMillis == null ? null : Math.floorDiv(tsMillis, 1000L);
    }

    static NotificationRecord of(UUID id, ReceivedNotification n) {
        return new NotificationRecord(
                id,
                n.receivedAt(),
                n.ts(),
                n.rawUrl(),
                n.normalizedUrl(),
                n.code(),
                n.host(),
                n.type(),
                n.reply(),
                n.windowIds(),
                n.remoteAddress(),
                n.foreignHost(),
                n.tsMillis(),
                n.rawTs(),
                n.rawCode(),
                n.tsSkewed());
    }

    private static final JsonFactory JSON = JsonFactory.builder().build();

    /**
     * Whether a form as sent is what the webhook's parser makes of one: a single JSON number or
     * JSON string. The API writes it as raw JSON, so a damaged spool line or a row written by hand
     * must not pass for one.
     */
    static boolean isJsonNumberOrString(String raw) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), raw)) {
            JsonToken value = parser.nextToken();
            return (value == JsonToken.VALUE_NUMBER_INT
                            || value == JsonToken.VALUE_NUMBER_FLOAT
                            || value == JsonToken.VALUE_STRING)
                    && parser.nextToken() == null;
        } catch (JacksonException e) {
            return false;
        }
    }

    /**
     * The check time in milliseconds, from whichever of the two forms is given; they must agree
     * when both are ({@code ts} is {@code tsMillis} in whole seconds, rounded down).
     */
    static @Nullable Long millis(@Nullable Long ts, @Nullable Long tsMillis) {
        if (tsMillis == null) {
            return ts == null ? null : Math.multiplyExact(ts, 1000L);
        }
        if (ts != null && ts != Math.floorDiv(tsMillis, 1000L)) {
            throw new IllegalArgumentException("ts " + ts + " is not tsMillis " + tsMillis + " in seconds");
        }
        return tsMillis;
    }
}
