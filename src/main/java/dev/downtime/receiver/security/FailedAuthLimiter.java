package dev.downtime.receiver.security;

import dev.downtime.receiver.net.AddressBlock;
import dev.downtime.receiver.net.IpAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A token bucket per client address, spent by requests that fail authentication: an address that
 * keeps forging is refused at once, without any further work, until its bucket refills. Callers
 * consult it only once a request has failed, so a valid credential is never held back by it.
 *
 * <p>IPv6 addresses count by their /64, the block one host typically gets, and also by their /48,
 * the block one site typically gets, whose allowance is {@value #SITE_FACTOR} times larger: someone
 * who rotates through the /64s of a site spends the site's allowance all the same. Memory is
 * bounded: past {@link #DEFAULT_MAX_TRACKED} keys the least recently seen is forgotten.
 */
public final class FailedAuthLimiter {

    public static final int DEFAULT_MAX_TRACKED = 10_000;

    /** How many hosts' worth of failures an IPv6 /48 may spend in all. */
    static final int SITE_FACTOR = 4;

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

    /** Whether the address, or its IPv6 site, has used up its failures: refuse it without checking anything. */
    public boolean blocked(String address) {
        List<Key> keys = keys(address);
        synchronized (buckets) {
            long now = nanoTime.getAsLong();
            for (Key key : keys) {
                Bucket bucket = buckets.get(key.name());
                if (bucket != null && bucket.available(now) < 1) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Charges one failed attempt to the address, and to its IPv6 site. */
    public void failed(String address) {
        List<Key> keys = keys(address);
        synchronized (buckets) {
            long now = nanoTime.getAsLong();
            for (Key key : keys) {
                buckets.computeIfAbsent(key.name(), k -> new Bucket(key.factor(), now))
                        .take(now);
            }
        }
    }

    int tracked() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    /** What an address is counted as: itself (IPv4, or text that is no address), or its IPv6 /64 and /48. */
    static List<Key> keys(String address) {
        Optional<IpAddress> parsed = IpAddress.parse(address).map(IpAddress::unmapped);
        if (parsed.isEmpty()) {
            return List.of(new Key(address, 1));
        }
        IpAddress ip = parsed.get();
        if (!ip.isIpv6()) {
            return List.of(new Key(ip.toString(), 1));
        }
        return List.of(
                new Key(AddressBlock.around(ip, 64).toString(), 1),
                new Key(AddressBlock.around(ip, 48).toString(), SITE_FACTOR));
    }

    record Key(String name, int factor) {}

    /** Guarded by the map's lock. */
    private final class Bucket {
        private final double capacity;
        private final double refill;
        private double tokens;
        private long updatedAt;

        /** @param hosts how many hosts' allowance the bucket holds, refilled as fast */
        Bucket(int hosts, long now) {
            this.capacity = burst * hosts;
            this.refill = refillPerNano * hosts;
            this.tokens = capacity;
            this.updatedAt = now;
        }

        double available(long now) {
            tokens = Math.min(capacity, tokens + (now - updatedAt) * refill);
            updatedAt = now;
            return tokens;
        }

        void take(long now) {
            available(now);
            tokens = Math.max(0, tokens - 1);
        }
    }
}
