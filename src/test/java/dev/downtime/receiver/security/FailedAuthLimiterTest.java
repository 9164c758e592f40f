package dev.downtime.receiver.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailedAuthLimiterTest {

    final AtomicLong nanos = new AtomicLong();

    FailedAuthLimiter limiter(int burst, int maxTracked) {
        return new FailedAuthLimiter(burst, Duration.ofMinutes(1), maxTracked, nanos::get);
    }

    @Test
    void blocksAnAddressOnceItsFailuresAreSpentUntilTheyRefill() {
        FailedAuthLimiter limiter = limiter(3, 100);

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.blocked("203.0.113.5")).isFalse();
            limiter.failed("203.0.113.5");
        }

        assertThat(limiter.blocked("203.0.113.5")).isTrue();
        assertThat(limiter.blocked("203.0.113.6")).isFalse();
        nanos.addAndGet(Duration.ofSeconds(20).toNanos()); // a third of the refill period: one failure back
        assertThat(limiter.blocked("203.0.113.5")).isFalse();
    }

    @Test
    void tracksABoundedNumberOfAddressesForgettingTheLeastRecentlySeen() {
        FailedAuthLimiter limiter = limiter(1, 1_000);
        limiter.failed("198.51.100.1");

        for (int i = 0; i < 100_000; i++) {
            limiter.failed("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
            if (i % 100 == 0) {
                // Seen again and again: stays tracked however many others come and go.
                limiter.failed("198.51.100.1");
            }
        }

        assertThat(limiter.tracked()).isEqualTo(1_000);
        assertThat(limiter.blocked("198.51.100.1")).isTrue();
        assertThat(limiter.blocked("10.0.0.0")).isFalse();
    }

    @Test
    void countsAnIPv6SlashSixtyFourAsOneAddress() {
        FailedAuthLimiter limiter = limiter(2, 100);

        limiter.failed("2001:db8:1:2::1");
        limiter.failed("2001:db8:1:2:ffff:ffff:ffff:ffff");

        assertThat(limiter.blocked("2001:db8:1:2::abcd")).isTrue();
        assertThat(limiter.blocked("2001:db8:1:3::1")).isFalse();
        assertThat(limiter.tracked()).isEqualTo(2); // the /64 and its /48
    }

    @Test
    void blocksAnIPv6SlashFortyEightWhoseSlashSixtyFoursTogetherSpentItsAllowance() {
        FailedAuthLimiter limiter = limiter(2, 100);

        // Each /64 stays within its own 2 failures; the /48 takes 4 times that.
        for (int subnet = 0; subnet < FailedAuthLimiter.SITE_FACTOR; subnet++) {
            limiter.failed("2001:db8:1:" + subnet + "::1");
            assertThat(limiter.blocked("2001:db8:1:" + subnet + "::1")).isFalse();
            limiter.failed("2001:db8:1:" + subnet + "::2");
        }

        assertThat(limiter.blocked("2001:db8:1:ff::1"))
                .as("a fresh /64 of the same /48")
                .isTrue();
        assertThat(limiter.blocked("2001:db8:2::1")).as("another /48").isFalse();
        nanos.addAndGet(Duration.ofSeconds(30).toNanos()); // half the refill period: 4 of 8 failures back
        assertThat(limiter.blocked("2001:db8:1:ff::1")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            198.51.100.7            | 198.51.100.7
            2001:db8:1:2:3:4:5:6    | 2001:db8:1:2::/64, 2001:db8:1::/48
            2001:DB8:1:2::          | 2001:db8:1:2::/64, 2001:db8:1::/48
            ::ffff:198.51.100.7     | 198.51.100.7
            unknown                 | unknown
            not:an:address          | not:an:address
            """)
    void keysAddressesByHostOrIpv6SlashSixtyFourAndSlashFortyEight(String address, String keys) {
        assertThat(FailedAuthLimiter.keys(address).stream()
                        .map(FailedAuthLimiter.Key::name)
                        .toList())
                .containsExactly(keys.split(", "));
    }
}
