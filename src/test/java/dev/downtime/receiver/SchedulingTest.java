package dev.downtime.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.TaskScheduler;

class SchedulingTest extends PostgresIntegrationTest {

    @Autowired
    TaskScheduler scheduler;

    /** A long retention run or spool replay must not hold up alerts and checks. */
    @Test
    void runsAFixedDelayJobWhileAnotherIsStillBusy() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch otherRan = new CountDownLatch(1);
        ScheduledFuture<?> slow = scheduler.scheduleWithFixedDelay(
                () -> {
                    busy.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                Duration.ofMillis(50));
        ScheduledFuture<?> other = null;
        try {
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
            other = scheduler.scheduleWithFixedDelay(otherRan::countDown, Duration.ofMillis(50));

            assertThat(otherRan.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            release.countDown();
            slow.cancel(true);
            if (other != null) {
                other.cancel(true);
            }
        }
    }
}
