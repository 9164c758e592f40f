package dev.downtime.receiver.notifications;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Bounds the waits of many callers with one thread: a future handed to {@link #bound} that is not
 * done within the timeout is failed with a {@link TimeoutException}, so its caller can wait on it
 * without a timeout of its own. A timed wait on a virtual thread arms a timer of the virtual-thread
 * scheduler and disarms it when the wait ends, and each of those wakes the scheduler's timer
 * thread: under load that cost more CPU than the rest of the request (bench/PERFORMANCE.md). Here a
 * caller only appends to a queue. Every deadline is "now plus the same timeout", so the queue is in
 * deadline order and the thread looks only at its head, once a tick.
 */
final class Deadlines {

    private static final long MIN_TICK_NANOS = Duration.ofMillis(1).toNanos();
    private static final long MAX_TICK_NANOS = Duration.ofMillis(50).toNanos();

    private final ConcurrentLinkedQueue<Entry> queue = new ConcurrentLinkedQueue<>();
    private final Duration timeout;
    private final long timeoutNanos;
    private final long tickNanos;
    private final Thread thread;
    private volatile boolean closed;

    Deadlines(String name, Duration timeout) {
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
        this.tickNanos = Math.clamp(timeoutNanos / 20, MIN_TICK_NANOS, MAX_TICK_NANOS);
        this.thread = Thread.ofPlatform().name(name).daemon(true).start(this::run);
    }

    /**
     * Fails {@code future} with a {@link TimeoutException} unless it is done within the timeout:
     * never later (up to one tick of 1/20 of the timeout sooner, as the deadline is checked once a
     * tick).
     */
    <T> CompletableFuture<T> bound(CompletableFuture<T> future) {
        queue.add(new Entry(System.nanoTime() + timeoutNanos - tickNanos, future));
        return future;
    }

    /** Stops the thread; futures bound before are no longer failed. */
    void close() {
        closed = true;
        LockSupport.unpark(thread);
    }

    /** Fails every future whose deadline is at or before {@code now} and that is not done yet. */
    void expire(long now) {
        // This thread alone removes entries, so the head it peeked is the one it polls.
        for (Entry head = queue.peek(); head != null && now - head.deadline() >= 0; head = queue.peek()) {
            queue.poll();
            if (!head.future().isDone()) {
                head.future().completeExceptionally(new TimeoutException("not done within " + timeout));
            }
        }
    }

    private void run() {
        while (!closed) {
            LockSupport.parkNanos(tickNanos);
            expire(System.nanoTime());
        }
    }

    private record Entry(long deadline, CompletableFuture<?> future) {}
}
