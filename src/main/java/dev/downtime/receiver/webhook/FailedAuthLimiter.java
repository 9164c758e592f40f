package dev.downtime.receiver.webhook;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A token bucket per client address, spent by requests that fail authentication: an address that
 * keeps forging is refused at once, before any other work, until its bucket refills. Requests that
 * authenticate spend nothing, so Monitor is never held back by it.
 */
final class FailedAuthLimiter {

    /** Past this many tracked addresses, full buckets are forgotten: they hold no state worth keeping. */
    private static final int MAX_TRACKED = 100_000;

    private final double burst;
    private final double refillPerNano;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    FailedAuthLimiter(int burst, Duration refillPeriod) {
        this.burst = burst;
        this.refillPerNano = burst / (double) refillPeriod.toNanos();
    }

    boolean blocked(String address) {
        Bucket bucket = buckets.get(address);
        return bucket != null && bucket.available(System.nanoTime()) < 1;
    }

    void failed(String address) {
        if (buckets.size() >= MAX_TRACKED) {
            long now = System.nanoTime();
            buckets.values().removeIf(bucket -> bucket.available(now) >= burst);
        }
        buckets.computeIfAbsent(address, a -> new Bucket(System.nanoTime())).take(System.nanoTime());
    }

    private final class Bucket {
        private double tokens = burst;
        private long updatedAt;

        Bucket(long now) {
            this.updatedAt = now;
        }

        synchronized double available(long now) {
            tokens = Math.min(burst, tokens + (now - updatedAt) * refillPerNano);
            updatedAt = now;
            return tokens;
        }

        synchronized void take(long now) {
            available(now);
            tokens = Math.max(0, tokens - 1);
        }
    }
}
