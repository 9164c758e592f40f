package dev.downtime.receiver.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

    @Test
    void failsAFutureNotDoneWithinTheTimeoutNeverLaterThanIt() {
        Deadlines deadlines = new Deadlines("test", Duration.ofMillis(400));
        long start = System.nanoTime();

        assertThatThrownBy(() -> deadlines.bound(new CompletableFuture<Void>()).get())
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class);

        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        // At most one tick (1/20 of the timeout) early; the upper margin is for a busy machine.
        assertThat(waited).isBetween(Duration.ofMillis(380), Duration.ofMillis(1400));
        deadlines.close();
    }

    @Test
    void failsOnlyWhatIsNotDoneByItsDeadline() throws Exception {
        Deadlines deadlines = new Deadlines("test", Duration.ofHours(1));
        CompletableFuture<String> committed = deadlines.bound(new CompletableFuture<>());
        CompletableFuture<String> late = deadlines.bound(new CompletableFuture<>());
        committed.complete("committed");

        deadlines.expire(System.nanoTime());
        assertThat(late).isNotDone();

        deadlines.expire(System.nanoTime() + Duration.ofHours(1).toNanos());
        assertThat(committed.get()).isEqualTo("committed");
        assertThat(late).isCompletedExceptionally();
        assertThatThrownBy(late::get).hasCauseInstanceOf(TimeoutException.class);
        deadlines.close();
    }
}
