package dev.downtime.receiver.admin;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per client address, spent by requests that fail authentication: an address that
 * keeps forging is refused at once, without any further work, until its bucket refills. Callers
 * consult it only once a request has failed, so a valid credential is never held back by it.
 *
 * <p>Memory is bounded: past {@link #DEFAULT_MAX_TRACKED} addresses the least recently seen is
 * forgotten, and IPv6 addresses count by their /64, the block one host typically gets.
 */
public final class FailedAuthLimiter {

    public static final int DEFAULT_MAX_TRACKED = 10_000;

    private final double burst;
    private final double refillPerNano;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets;

    public FailedAuthLimiter(int burst, Duration refillPeriod) {
        this(burst, refillPeriod, DEFAULT_MAX_TRACKED, System::nanoTime);
    }

    FailedAuthLimiter(int burst, Duration refillPeriod, int maxTracked, LongSupplier nanoTime) {
        this.burst = burst;
        this.refillPerNano = burst / (double) refillPeriod.toNanos();
        this.nanoTime = nanoTime;
        // Access order makes the eldest entry the least recently seen: evicting it is O(1).
        this.buckets = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxTracked;
            }
        };
    }

    /** Whether the address has used up its failures: refuse it without checking anything. */
    public boolean blocked(String address) {
        String key = key(address);
        synchronized (buckets) {
            Bucket bucket = buckets.get(key);
            return bucket != null && bucket.available(nanoTime.getAsLong()) < 1;
        }
    }

    /** Charges one failed attempt to the address. */
    public void failed(String address) {
        String key = key(address);
        synchronized (buckets) {
            long now = nanoTime.getAsLong();
            buckets.computeIfAbsent(key, k -> new Bucket(now)).take(now);
        }
    }

    int tracked() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    /** An IPv6 address stands for its /64: one host can use any address in it. */
    static String key(String address) {
        if (address.indexOf(':') < 0) {
            return address;
        }
        try {
            InetAddress parsed = InetAddress.ofLiteral(address);
            if (parsed instanceof Inet6Address) {
                return HexFormat.of().formatHex(Arrays.copyOf(parsed.getAddress(), 8)) + "::/64";
            }
            return parsed.getHostAddress();
        } catch (IllegalArgumentException notALiteral) {
            return address;
        }
    }

    /** Guarded by the map's lock. */
    private final class Bucket {
        private double tokens = burst;
        private long updatedAt;

        Bucket(long now) {
            this.updatedAt = now;
        }

        double available(long now) {
            tokens = Math.min(burst, tokens + (now - updatedAt) * refillPerNano);
            updatedAt = now;
            return tokens;
        }

        void take(long now) {
            available(now);
            tokens = Math.max(0, tokens - 1);
        }
    }
}
