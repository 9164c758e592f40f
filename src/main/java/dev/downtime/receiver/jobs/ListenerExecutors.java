package dev.downtime.receiver.jobs;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Executors of event listeners that must run one at a time: one thread, and a bounded queue, since
 * each waiting task holds its event in memory. A task that finds the queue full is dropped with a
 * warning (at most one a minute): its publication stays incomplete in the event publication
 * registry, which hands it over again later, so nothing is lost.
 */
public final class ListenerExecutors {

    private static final Logger log = LoggerFactory.getLogger(ListenerExecutors.class);
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    private ListenerExecutors() {}

    /**
     * @param what what waits, for the warning ("batches to fold")
     */
    public static ThreadPoolTaskExecutor oneThread(String threadNamePrefix, int queueCapacity, String what) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(1);
        executor.setMaxPoolSize(1);
        executor.setQueueCapacity(queueCapacity);
        executor.setThreadNamePrefix(threadNamePrefix);
        AtomicLong lastWarned = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
        AtomicLong dropped = new AtomicLong();
        executor.setRejectedExecutionHandler((task, pool) -> {
            long now = System.nanoTime();
            long last = lastWarned.get();
            long count = dropped.incrementAndGet();
            if (now - last >= WARN_EVERY_NANOS && lastWarned.compareAndSet(last, now)) {
                log.warn(
                        "{} {} already wait; {} more since the last warning are handed over again later",
                        queueCapacity,
                        what,
                        count);
                dropped.set(0);
            }
        });
        // On shutdown, what is still queued is dropped, not run against a closing context: its
        // publications stay incomplete and the next instance to start hands them over again.
        executor.setWaitForTasksToCompleteOnShutdown(false);
        return executor;
    }
}
