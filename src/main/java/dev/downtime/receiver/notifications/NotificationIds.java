package dev.downtime.receiver.notifications;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered ids (UUID version 7, RFC 9562), so that the primary key index grows at its right
 * edge like the log itself instead of splitting pages at random under a burst. Within this
 * process they also increase strictly, in the order notifications were received (the 12-bit
 * counter of RFC 9562's method 1): incidents fold notifications in (received time, id) order, and a
 * recovery received in the same millisecond as a failure must come after it.
 */
final class NotificationIds {

    /** The last 48-bit millisecond timestamp and 12-bit counter handed out, as one number. */
    private static final AtomicLong LAST = new AtomicLong();

    private NotificationIds() {}

    static UUID next(Instant at) {
        long candidate = (at.toEpochMilli() & 0xFFFF_FFFF_FFFFL) << 12;
        // Past 4,096 ids in a millisecond the counter runs into the next one: still increasing.
        long stamp = LAST.updateAndGet(previous -> Math.max(previous + 1, candidate));
        long high = ((stamp >>> 12) << 16) | 0x7000L | (stamp & 0x0FFFL);
        long low = (ThreadLocalRandom.current().nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
