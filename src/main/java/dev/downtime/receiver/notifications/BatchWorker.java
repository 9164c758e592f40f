package dev.downtime.receiver.notifications;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that takes items handed over by many callers and processes them in batches: up to
 * {@code maxBatch} at a time, lingering up to {@code linger} for more only while other callers are
 * known to be on their way. Each caller waits on its own future, which completes when its batch
 * has been handled. A caller that gives up cancels its future, and the item is skipped if its batch
 * has not started yet.
 */
final class BatchWorker<T> {

    /** Handles one batch; throwing fails every item of it. */
    @FunctionalInterface
    interface Handler<T> {
        void handle(List<T> batch) throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(BatchWorker.class);

    /** How often an idle worker looks whether it is asked to close. */
    private static final long IDLE_POLL_MILLIS = 50;

    private final BlockingQueue<Item<T>> queue;
    private final int maxBatch;
    private final long lingerNanos;
    private final Handler<T> handler;
    private final Thread thread;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean closing;

    BatchWorker(String name, int capacity, int maxBatch, Duration linger, Handler<T> handler) {
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
        this.handler = handler;
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
        thread.start();
    }

    /**
     * @throws RejectedExecutionException when the queue is full or the worker is closing, so the
     *     caller can fall back at once
     */
    CompletableFuture<Void> submit(T value) {
        if (closing) {
            throw new RejectedExecutionException("closing");
        }
        Item<T> item = new Item<>(value, new CompletableFuture<>());
        pending.incrementAndGet();
        if (!queue.offer(item)) {
            pending.decrementAndGet();
            throw new RejectedExecutionException("queue full");
        }
        return item.done();
    }

    /** How many items are queued or being handled. */
    int pending() {
        return pending.get();
    }

    /**
     * Handles what is queued, then stops; waits at most {@code timeout}. The thread is never
     * interrupted: an interrupt would close a file channel in the middle of a write.
     */
    void close(Duration timeout) throws InterruptedException {
        closing = true;
        thread.join(timeout);
    }

    private void run() {
        List<Item<T>> batch = new ArrayList<>(maxBatch);
        while (!closing || !queue.isEmpty()) {
            try {
                Item<T> first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                collect(batch);
                handle(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void collect(List<Item<T>> batch) throws InterruptedException {
        queue.drainTo(batch, maxBatch - batch.size());
        long deadline = System.nanoTime() + lingerNanos;
        // Linger only while more callers have handed over (or are handing over) an item than the
        // batch holds: waiting when everyone is already in the batch only adds latency.
        while (batch.size() < maxBatch && pending.get() > batch.size() && !closing) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Item<T> next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            batch.add(next);
            queue.drainTo(batch, maxBatch - batch.size());
        }
    }

    private void handle(List<Item<T>> batch) {
        List<Item<T>> live = new ArrayList<>(batch.size());
        for (Item<T> item : batch) {
            if (item.done().isDone()) {
                pending.decrementAndGet(); // its caller gave up and took another way
            } else {
                live.add(item);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        Exception failure = null;
        try {
            handler.handle(live.stream().map(Item::value).toList());
        } catch (Exception e) {
            log.debug("Batch of {} failed: {}", live.size(), e.toString());
            failure = e;
        }
        // Counted out before the callers are released, so that none of them sees itself pending.
        pending.addAndGet(-live.size());
        for (Item<T> item : live) {
            if (failure == null) {
                item.done().complete(null);
            } else {
                item.done().completeExceptionally(failure);
            }
        }
    }

    private record Item<T>(T value, CompletableFuture<Void> done) {}
}
