package dev.downtime.receiver.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchWorkerTest {

    final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    final CountDownLatch firstBatchStarted = new CountDownLatch(1);
    final CountDownLatch releaseFirstBatch = new CountDownLatch(1);

    /** Holds the first batch until released, so that later items pile up behind it. */
    void handle(List<Integer> batch) throws InterruptedException {
        batches.add(batch);
        if (batches.size() == 1) {
            firstBatchStarted.countDown();
            releaseFirstBatch.await();
        }
    }

    @Test
    void handsWhatPiledUpDuringABatchToTheNextOneUpToTheMaximum() throws Exception {
        BatchWorker<Integer> worker = new BatchWorker<>("test", 100, 5, Duration.ZERO, this::handle);
        CompletableFuture<Void> first = worker.submit(0);
        firstBatchStarted.await();
        List<CompletableFuture<Void>> later = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            later.add(worker.submit(i));
        }
        assertThat(first).isNotDone();

        releaseFirstBatch.countDown();
        CompletableFuture.allOf(later.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);

        assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3, 4, 5), List.of(6, 7));
        assertThat(first).isCompleted();
        worker.close(Duration.ofSeconds(1));
    }

    @Test
    void skipsItemsWhoseCallerGaveUpBeforeTheirBatchStarted() throws Exception {
        BatchWorker<Integer> worker = new BatchWorker<>("test", 100, 10, Duration.ZERO, this::handle);
        worker.submit(0);
        firstBatchStarted.await();
        CompletableFuture<Void> abandoned = worker.submit(1);
        CompletableFuture<Void> kept = worker.submit(2);
        abandoned.cancel(false);

        releaseFirstBatch.countDown();
        kept.get(5, TimeUnit.SECONDS);

        assertThat(batches).containsExactly(List.of(0), List.of(2));
        assertThat(worker.pending()).isZero();
        worker.close(Duration.ofSeconds(1));
    }

    @Test
    void failsEveryItemOfAFailedBatch() throws Exception {
        BatchWorker<Integer> worker = new BatchWorker<>("test", 100, 10, Duration.ZERO, batch -> {
            throw new IllegalStateException("database down");
        });

        assertThatThrownBy(() -> worker.submit(1).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("database down");
        worker.close(Duration.ofSeconds(1));
    }

    @Test
    void refusesAtOnceWhenFullSoCallersCanFallBack() throws Exception {
        BatchWorker<Integer> worker = new BatchWorker<>("test", 2, 1, Duration.ZERO, this::handle);
        worker.submit(0);
        firstBatchStarted.await();
        worker.submit(1);
        worker.submit(2);

        assertThatThrownBy(() -> worker.submit(3)).isInstanceOf(RejectedExecutionException.class);
        releaseFirstBatch.countDown();
        worker.close(Duration.ofSeconds(1));
    }

    @Test
    void handlesWhatIsQueuedBeforeClosing() throws Exception {
        BatchWorker<Integer> worker = new BatchWorker<>("test", 100, 2, Duration.ZERO, this::handle);
        worker.submit(0);
        firstBatchStarted.await();
        List<CompletableFuture<Void>> queued = List.of(worker.submit(1), worker.submit(2), worker.submit(3));

        Thread closer = Thread.ofVirtual().start(() -> {
            try {
                worker.close(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        releaseFirstBatch.countDown();
        closer.join();

        assertThat(queued).allSatisfy(future -> assertThat(future).isCompleted());
        assertThatThrownBy(() -> worker.submit(4)).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void lingersForItemsAlreadyOnTheirWayButNotWhenEveryoneIsInTheBatch() throws Exception {
        BatchWorker<Integer> worker = new BatchWorker<>("test", 100, 10, Duration.ofSeconds(5), batches::add);
        long start = System.nanoTime();
        worker.submit(0).get(5, TimeUnit.SECONDS);

        // Alone in flight: handled at once, not after the 5 s linger.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        worker.close(Duration.ofSeconds(1));
    }
}
